// A used-vs-limit bar; the fill width is set through the DOM (CSP allows no style attributes).
/** A horizontal bar filled to `ratio` (0..1, shown capped at 1); `tone` colours it. */
export function ProgressBar(props: { ratio: number; label: string; tone?: 'ok' | 'warn' | 'over' }) {
  const pct = Math.max(0, Math.min(1, props.ratio)) * 100;
  const tone = props.tone ?? (props.ratio >= 1 ? 'over' : props.ratio >= 0.8 ? 'warn' : 'ok');
  return (
    <div class={`progress ${tone}`} role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
      <div class="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
