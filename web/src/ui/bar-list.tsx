// Horizontal bars in SVG (one row per item, widths relative to the largest), for breakdowns by
// model, tenant or upstream. Sizes are SVG attributes, not style, so the CSP holds.
import { colourClass } from './palette.js';

export interface BarItem {
  key: string;
  label: string;
  value: number;
  display: string;
}

/** Bars for `items` (already sorted by the caller). */
export function BarList(props: { items: BarItem[]; testid: string; ariaLabel: string }) {
  const max = Math.max(0, ...props.items.map((i) => i.value));
  return (
    <ul class="bar-list" data-testid={props.testid} aria-label={props.ariaLabel}>
      {props.items.map((item, n) => (
        <li key={item.key} data-key={item.key}>
          <span class="bar-label" title={item.label}>
            {item.label}
          </span>
          <svg class="bar-track" width="100%" height="12" aria-hidden="true">
            <rect class={colourClass(n)} x="0" y="0" height="12" rx="3" width={`${max > 0 ? Math.max(0.5, (item.value / max) * 100) : 0}%`} />
          </svg>
          <span class="bar-value">{item.display}</span>
        </li>
      ))}
    </ul>
  );
}
