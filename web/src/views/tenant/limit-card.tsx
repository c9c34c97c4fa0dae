// One budget window: spent vs limit, when it resets (with a countdown), and where the current
// pace leads ("limit at ~15:40" or "safe until reset").
import type { WindowJson, WindowKind } from '../../api/contract.js';
import { formatNanoUsd, formatPercent } from '../../format/numbers.js';
import { formatClock, formatDuration } from '../../format/time.js';
import { t, type MessageKey } from '../../i18n/i18n.js';
import { nowMs } from '../../ui/now.js';
import { ProgressBar } from '../../ui/progress-bar.js';

const TITLES: Record<WindowKind, MessageKey> = {
  daily: 'limits.daily',
  weekly: 'limits.weekly',
  monthly: 'limits.monthly',
  '5h': 'limits.5h',
};

/** The projection line of a window. */
export function projectionText(w: WindowJson, tz: string, now: number): { text: string; tone: 'good' | 'warn' | 'bad' } {
  if (w.usedNano >= w.limitNano) return { text: t('limits.reached'), tone: 'bad' };
  if (w.projectedLimitAtMs !== null) return { text: t('limits.projected', { time: formatClock(w.projectedLimitAtMs, tz, now) }), tone: 'warn' };
  return { text: t('limits.safe'), tone: 'good' };
}

/** A limit card. */
export function LimitCard(props: { window: WindowJson; tz: string }) {
  const w = props.window;
  const now = nowMs.value;
  const ratio = w.limitNano > 0 ? w.usedNano / w.limitNano : 0;
  const projection = projectionText(w, props.tz, now);
  return (
    <section class="card limit-card" data-testid={`limit-card-${w.kind}`}>
      <header class="card-head">
        <h3>{t(TITLES[w.kind])}</h3>
        <span class="muted">{formatPercent(ratio)}</span>
      </header>
      <div class="limit-figures" data-testid="limit-used" data-used-nano={w.usedNano} data-limit-nano={w.limitNano}>
        <strong>{formatNanoUsd(w.usedNano)}</strong> <span class="muted">/ {formatNanoUsd(w.limitNano)}</span>
      </div>
      <ProgressBar ratio={ratio} label={t(TITLES[w.kind])} />
      <p class="small" data-testid="limit-reset">
        {t('limits.resetsAt', { time: formatClock(w.resetsAtMs, props.tz, now) })} · <span data-testid="limit-countdown">{t('limits.in', { duration: formatDuration(w.resetsAtMs - now) })}</span>
      </p>
      <p class={`small ${projection.tone}`} data-testid="limit-projection">
        {projection.text}
        {w.paceNanoPerHour > 0 ? <span class="muted"> · {t('limits.pace', { usd: formatNanoUsd(w.paceNanoPerHour) })}</span> : null}
      </p>
    </section>
  );
}
