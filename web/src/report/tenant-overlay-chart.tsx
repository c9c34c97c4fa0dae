// Several tenants' spend overlaid in one chart (admin, `tenants=a,b,c`), with its twin table.
import type { SplitSeries, UsageReport } from '../api/contract.js';
import { formatUsd } from '../format/numbers.js';
import { t } from '../i18n/i18n.js';
import { UsdCell } from '../ui/cells.js';
import { ChartCard } from '../ui/chart-card.js';
import { TimeChart } from '../ui/time-chart.js';

/** The overlay chart of `split` over the report's buckets. */
export function TenantOverlayChart(props: { report: UsageReport; split: SplitSeries }) {
  const { buckets, range } = props.report;
  const { split } = props;
  const series = split.keys.map((key, k) => ({ label: split.names[k] ?? key, values: split.chargedNano.map((row) => (row[k] ?? 0) / 1e9), colour: k }));
  const table = (
    <table data-testid="table-tenant-overlay">
      <thead>
        <tr>
          <th scope="col">{t('table.bucket')}</th>
          {split.keys.map((key, k) => (
            <th scope="col" key={key}>
              {split.names[k] ?? key}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {buckets.map((b, i) => (
          <tr key={b.startMs} data-key={b.label}>
            <th scope="row">{b.label}</th>
            {split.keys.map((key, k) => (
              <UsdCell key={key} col={`tenant:${key}`} nano={split.chargedNano[i]?.[k] ?? 0} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ChartCard title={t('chart.compare')} tz={range.tz} testid="card-tenant-overlay" table={table}>
      <TimeChart xLabel={t('table.bucket')} testid="chart-tenant-overlay" labels={buckets.map((b) => b.label)} series={series} format={formatUsd} ariaLabel={t('chart.compare')} />
    </ChartCard>
  );
}
