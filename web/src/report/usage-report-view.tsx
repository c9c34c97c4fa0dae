// One usage report, laid out: key figures, the cache panel, spend and token charts, the tenant
// overlay when asked for, breakdowns by model (and tenant and upstream when present), trust notes.
import type { UsageReport } from '../api/contract.js';
import { t } from '../i18n/i18n.js';
import { Breakdown } from './breakdown.js';
import { CachePanel } from './cache-panel.js';
import { CostChart } from './cost-chart.js';
import { KpiRow } from './kpi-row.js';
import { ReportNotes } from './report-notes.js';
import { TenantOverlayChart } from './tenant-overlay-chart.js';
import { TokensChart } from './tokens-chart.js';

/** Renders `report`; `admin` shows list and upstream prices. */
export function UsageReportView(props: { report: UsageReport; admin: boolean }) {
  const { report, admin } = props;
  return (
    <div class="report" data-testid="usage-report" data-tz={report.range.tz}>
      <KpiRow totals={report.totals} admin={admin} />
      <CachePanel cache={report.totals.cache} tokens={report.totals.tokens} />
      {report.seriesByTenant && report.seriesByTenant.keys.length > 0 ? <TenantOverlayChart report={report} split={report.seriesByTenant} /> : null}
      <div class="chart-grid">
        <CostChart report={report} admin={admin} />
        <TokensChart report={report} />
      </div>
      <Breakdown title={t('breakdown.byModel')} keyHeader={t('table.model')} groups={report.byModel} total={report.totals} admin={admin} testid="models" />
      {report.byTenant ? <Breakdown title={t('breakdown.byTenant')} keyHeader={t('table.tenant')} groups={report.byTenant} total={report.totals} admin={admin} testid="tenants-spend" /> : null}
      {report.byUpstream ? <Breakdown title={t('breakdown.byUpstream')} keyHeader={t('table.upstream')} groups={report.byUpstream} total={report.totals} admin={admin} testid="upstreams-spend" /> : null}
      <ReportNotes report={report} />
    </div>
  );
}
