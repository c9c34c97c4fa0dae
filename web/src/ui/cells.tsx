// Table cells for exact figures: the text shown plus the raw number in data-value (what browser
// tests compare with seeded data), right-aligned.
import { formatInt, formatPercent, formatUsdExact } from '../format/numbers.js';

/** A cell with an integer count. */
export function IntCell(props: { col: string; value: number }) {
  return (
    <td class="num" data-col={props.col} data-value={props.value}>
      {formatInt(props.value)}
    </td>
  );
}

/** A cell with exact USD of nano-USD. */
export function UsdCell(props: { col: string; nano: number | undefined }) {
  if (props.nano === undefined) return <td class="num" data-col={props.col} />;
  return (
    <td class="num" data-col={props.col} data-value={props.nano}>
      {formatUsdExact(props.nano)}
    </td>
  );
}

/** A cell with a ratio as a percentage. */
export function PercentCell(props: { col: string; ratio: number | null }) {
  return (
    <td class="num" data-col={props.col} data-value={props.ratio ?? ''}>
      {props.ratio === null ? '—' : formatPercent(props.ratio)}
    </td>
  );
}
