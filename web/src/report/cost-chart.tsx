// Spend over time: the total as an area and one line per model, from the server's buckets; the
// twin table has every bucket's exact figures.
import type { UsageReport } from '../api/contract.js';
import { formatUsd } from '../format/numbers.js';
import { t } from '../i18n/i18n.js';
import { IntCell, UsdCell } from '../ui/cells.js';
import { ChartCard } from '../ui/chart-card.js';
import { TimeChart } from '../ui/time-chart.js';

const NANO = 1e9;

/** Cost over time, split by model. */
export function CostChart(props: { report: UsageReport; admin: boolean }) {
  const { buckets, seriesByModel, range } = props.report;
  const labels = buckets.map((b) => b.label);
  const series = [
    { label: t('chart.total'), values: buckets.map((b) => b.cost.chargedNano / NANO), colour: 0, area: true },
    ...seriesByModel.keys.map((key, k) => ({ label: seriesByModel.names[k] ?? key, values: seriesByModel.chargedNano.map((row) => (row[k] ?? 0) / NANO), colour: k + 1 })),
  ];
  const table = (
    <table data-testid="table-cost">
      <thead>
        <tr>
          <th scope="col">{t('table.bucket')}</th>
          <th scope="col">{t('table.requests')}</th>
          <th scope="col">{t('table.charged')}</th>
          {props.admin ? <th scope="col">{t('table.list')}</th> : null}
          {props.admin ? <th scope="col">{t('table.upstream')}</th> : null}
          {seriesByModel.keys.map((key, k) => (
            <th scope="col" key={key}>
              {seriesByModel.names[k] ?? key}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {buckets.map((b, i) => (
          <tr key={b.startMs} data-key={b.label}>
            <th scope="row">{b.label}</th>
            <IntCell col="requests" value={b.requests} />
            <UsdCell col="chargedNano" nano={b.cost.chargedNano} />
            {props.admin ? <UsdCell col="listNano" nano={b.cost.listNano} /> : null}
            {props.admin ? <UsdCell col="upstreamNano" nano={b.cost.upstreamNano} /> : null}
            {seriesByModel.keys.map((key, k) => (
              <UsdCell key={key} col={`model:${key}`} nano={seriesByModel.chargedNano[i]?.[k] ?? 0} />
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-key="total">
          <th scope="row">{t('table.total')}</th>
          <IntCell col="requests" value={props.report.totals.requests} />
          <UsdCell col="chargedNano" nano={props.report.totals.cost.chargedNano} />
          {props.admin ? <UsdCell col="listNano" nano={props.report.totals.cost.listNano} /> : null}
          {props.admin ? <UsdCell col="upstreamNano" nano={props.report.totals.cost.upstreamNano} /> : null}
          {seriesByModel.keys.map((key, k) => (
            <UsdCell key={key} col={`model:${key}`} nano={seriesByModel.chargedNano.reduce((s, row) => s + (row[k] ?? 0), 0)} />
          ))}
        </tr>
      </tfoot>
    </table>
  );
  return (
    <ChartCard title={t('chart.cost')} tz={range.tz} testid="card-cost" table={table}>
      <TimeChart xLabel={t('table.bucket')} testid="chart-cost" labels={labels} series={series} format={formatUsd} ariaLabel={t('chart.cost')} />
    </ChartCard>
  );
}
