// A donut chart in SVG: one arc per part, drawn with stroke dash offsets on a circle.
import { colourClass } from './palette.js';

export interface DonutPart {
  key: string;
  label: string;
  value: number;
  colour: number;
}

const R = 40;
const CIRCUMFERENCE = 2 * Math.PI * R;

/** A donut of `parts`, with `centre` text in the middle. */
export function Donut(props: { parts: DonutPart[]; centre: string; testid: string; ariaLabel: string }) {
  const total = props.parts.reduce((s, p) => s + Math.max(0, p.value), 0);
  let offset = 0;
  return (
    <svg class="donut" viewBox="0 0 100 100" width="140" height="140" data-testid={props.testid} role="img" aria-label={props.ariaLabel}>
      <circle class="donut-track" cx="50" cy="50" r={R} fill="none" stroke-width="14" />
      {total > 0
        ? props.parts.map((p) => {
            const len = (Math.max(0, p.value) / total) * CIRCUMFERENCE;
            const arc = (
              <circle key={p.key} class={`donut-arc ${colourClass(p.colour)}`} cx="50" cy="50" r={R} fill="none" stroke-width="14" stroke-dasharray={`${len} ${CIRCUMFERENCE - len}`} stroke-dashoffset={String(-offset)} transform="rotate(-90 50 50)" />
            );
            offset += len;
            return arc;
          })
        : null}
      <text x="50" y="54" text-anchor="middle" class="donut-centre">
        {props.centre}
      </text>
    </svg>
  );
}
