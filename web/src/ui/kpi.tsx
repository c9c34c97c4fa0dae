// One key figure: label, value and an optional line under it.
/** A KPI tile. */
export function Kpi(props: { label: string; value: string; sub?: string; testid: string; tone?: 'good' | 'bad' }) {
  return (
    <div class={props.tone ? `kpi ${props.tone}` : 'kpi'} data-testid={props.testid}>
      <div class="kpi-label">{props.label}</div>
      <div class="kpi-value">{props.value}</div>
      {props.sub ? <div class="kpi-sub">{props.sub}</div> : null}
    </div>
  );
}
