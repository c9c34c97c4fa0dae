// Tokens over time by kind (input, output, cache writes 5 m and 1 h, cache reads); the twin table
// has every bucket's exact counts.
import type { TokensJson, UsageReport } from '../api/contract.js';
import { formatCompact } from '../format/numbers.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { IntCell } from '../ui/cells.js';
import { ChartCard } from '../ui/chart-card.js';
import { TimeChart } from '../ui/time-chart.js';

/** Token kinds in display order with their label keys. */
export const TOKEN_KINDS: ReadonlyArray<[keyof TokensJson, MessageKey]> = [
  ['input', 'tokens.input'],
  ['output', 'tokens.output'],
  ['cacheWrite5m', 'tokens.cacheWrite5m'],
  ['cacheWrite1h', 'tokens.cacheWrite1h'],
  ['cacheRead', 'tokens.cacheRead'],
];

/** Tokens over time by kind. */
export function TokensChart(props: { report: UsageReport }) {
  const { buckets, range, totals } = props.report;
  const series = TOKEN_KINDS.map(([kind, label], n) => ({ label: t(label), values: buckets.map((b) => b.tokens[kind]), colour: n }));
  const table = (
    <table data-testid="table-tokens">
      <thead>
        <tr>
          <th scope="col">{t('table.bucket')}</th>
          {TOKEN_KINDS.map(([kind, label]) => (
            <th scope="col" key={kind}>
              {t(label)}
            </th>
          ))}
          <th scope="col">{t('table.total')}</th>
        </tr>
      </thead>
      <tbody>
        {buckets.map((b) => (
          <tr key={b.startMs} data-key={b.label}>
            <th scope="row">{b.label}</th>
            {TOKEN_KINDS.map(([kind]) => (
              <IntCell key={kind} col={kind} value={b.tokens[kind]} />
            ))}
            <IntCell col="total" value={b.tokens.total} />
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-key="total">
          <th scope="row">{t('table.total')}</th>
          {TOKEN_KINDS.map(([kind]) => (
            <IntCell key={kind} col={kind} value={totals.tokens[kind]} />
          ))}
          <IntCell col="total" value={totals.tokens.total} />
        </tr>
      </tfoot>
    </table>
  );
  return (
    <ChartCard title={t('chart.tokens')} tz={range.tz} testid="card-tokens" table={table}>
      <TimeChart xLabel={t('table.bucket')} testid="chart-tokens" labels={buckets.map((b) => b.label)} series={series} format={formatCompact} ariaLabel={t('chart.tokens')} />
    </ChartCard>
  );
}
