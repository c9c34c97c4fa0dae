// The report's key figures: requests, errors, spend (and, for the admin, list price and upstream
// cost beside what was charged), tokens, fallback-priced requests.
import type { TotalsJson } from '../api/contract.js';
import { formatCompact, formatInt, formatNanoUsd, formatPercent } from '../format/numbers.js';
import { t } from '../i18n/i18n.js';
import { Kpi } from '../ui/kpi.js';

/** KPI tiles of a report's totals. */
export function KpiRow(props: { totals: TotalsJson; admin: boolean }) {
  const { totals } = props;
  const { cost } = totals;
  const margin = cost.upstreamNano === undefined ? undefined : cost.chargedNano - cost.upstreamNano;
  return (
    <div class="kpi-row" data-testid="kpis">
      <Kpi testid="kpi-requests" label={t('kpi.requests')} value={formatInt(totals.requests)} />
      <Kpi testid="kpi-errors" label={t('kpi.errorRate')} value={formatPercent(totals.errorRate)} sub={t('kpi.errorsCount', { n: formatInt(totals.errors) })} {...(totals.errorRate > 0.05 ? { tone: 'bad' as const } : {})} />
      <Kpi testid="kpi-charged" label={t('kpi.charged')} value={formatNanoUsd(cost.chargedNano)} />
      {props.admin && cost.listNano !== undefined ? <Kpi testid="kpi-list" label={t('kpi.listPrice')} value={formatNanoUsd(cost.listNano)} /> : null}
      {props.admin && cost.upstreamNano !== undefined ? (
        <Kpi testid="kpi-upstream" label={t('kpi.upstreamCost')} value={formatNanoUsd(cost.upstreamNano)} {...(margin === undefined ? {} : { sub: t('kpi.margin', { usd: formatNanoUsd(margin) }) })} />
      ) : null}
      <Kpi testid="kpi-tokens" label={t('kpi.tokens')} value={formatCompact(totals.tokens.total)} sub={t('kpi.tokensSplit', { input: formatCompact(totals.tokens.input), output: formatCompact(totals.tokens.output) })} />
      {totals.flaggedRequests > 0 ? <Kpi testid="kpi-flagged" tone="bad" label={t('kpi.flagged')} value={formatInt(totals.flaggedRequests)} sub={t('kpi.flaggedHint')} /> : null}
    </div>
  );
}
