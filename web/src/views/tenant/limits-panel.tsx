// The tenant's limits now: one card per budget window, plus requests per minute and concurrency.
import type { LimitsReport } from '../../api/contract.js';
import { formatInt } from '../../format/numbers.js';
import { t } from '../../i18n/i18n.js';
import { ProgressBar } from '../../ui/progress-bar.js';
import { LimitCard } from './limit-card.js';

function RateCard(props: { title: string; used: number; limit: number | null; testid: string }) {
  return (
    <section class="card limit-card" data-testid={props.testid} data-used={props.used} data-limit={props.limit ?? ''}>
      <header class="card-head">
        <h3>{props.title}</h3>
      </header>
      <div class="limit-figures">
        <strong>{formatInt(props.used)}</strong> <span class="muted">/ {props.limit === null ? t('limits.unlimited') : formatInt(props.limit)}</span>
      </div>
      {props.limit !== null ? <ProgressBar ratio={props.limit > 0 ? props.used / props.limit : 0} label={props.title} /> : null}
    </section>
  );
}

/** Limit cards of a limits report. */
export function LimitsPanel(props: { limits: LimitsReport }) {
  const { limits } = props;
  return (
    <div class="limit-grid" data-testid="limits">
      {limits.windows.length === 0 ? <p class="muted">{t('limits.none')}</p> : null}
      {limits.windows.map((w) => (
        <LimitCard key={w.kind} window={w} tz={limits.tz} />
      ))}
      <RateCard testid="rate-rpm" title={t('limits.rpm')} used={limits.requestsPerMinute.used} limit={limits.requestsPerMinute.limit} />
      <RateCard testid="rate-concurrency" title={t('limits.concurrency')} used={limits.concurrentRequests.inFlight} limit={limits.concurrentRequests.limit} />
    </div>
  );
}
