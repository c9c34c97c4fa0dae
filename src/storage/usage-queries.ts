// The usage reads both SQL stores answer alike (aggregate, totals, totalsBy, series) as SQL plus
// the mapping of its rows, written once for both dialects. Whole hours come from the rollup.
import { aggregateRows, planAggregate, type Placeholder, type PlannedAggregate } from './aggregate-sql.js';
import { TOTALS_SELECT, SERIES_BUCKET_MS, totalsFromColumns } from './columns.js';
import { aggregateSql, splitHours, type BucketBy, type HourSplit } from './rollup-sql.js';
import type { AggregateQuery, AggregateRow, UsageQuery, UsageTotals } from './types.js';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Where whole hours are read from: the rollup (the default), or the ledger itself (the plain
 * query the rollup path must always equal; kept for tests and for checking a suspect rollup).
 */
export type AggregateSource = 'rollup' | 'ledger';

type SqlRow = Record<string, unknown>;

/** A statement with its parameters and the mapping of its result rows. */
export interface SqlQuery<T> {
  sql: string;
  params: unknown[];
  map(rows: SqlRow[]): T;
}

function placeholder(dialect: Dialect, params: unknown[]): Placeholder {
  return (v) => {
    params.push(v);
    return dialect === 'sqlite' ? '?' : `$${params.length}`;
  };
}

/** A statement that returns nothing, for a query that can match no row. */
function nothing<T>(value: T): SqlQuery<T> {
  return { sql: 'SELECT 1 AS x WHERE 1 = 0', params: [], map: () => value };
}

function split(plan: PlannedAggregate, source: AggregateSource): HourSplit {
  return source === 'rollup' ? splitHours(plan.buckets) : { hours: [], ledger: plan.buckets };
}

function planned<T>(plan: PlannedAggregate, source: AggregateSource, bucketBy: BucketBy, dialect: Dialect, map: (rows: AggregateRow[]) => T): SqlQuery<T> {
  const params: unknown[] = [];
  const sql = aggregateSql(plan, split(plan, source), bucketBy, placeholder(dialect, params), dialect === 'postgres');
  return { sql, params, map: (rows) => map(aggregateRows(rows, plan.groupBy)) };
}

const ZERO: UsageTotals = totalsFromColumns(undefined);

function totalsOf(r: AggregateRow): UsageTotals {
  const { requests, errors, inputTokens, outputTokens, cacheWrite5mTokens, cacheWrite1hTokens, cacheReadTokens, listCostNano, chargedCostNano, upstreamCostNano } = r;
  return { requests, errors, inputTokens, outputTokens, cacheWrite5mTokens, cacheWrite1hTokens, cacheReadTokens, listCostNano, chargedCostNano, upstreamCostNano };
}

/**
 * A usage query as an aggregate query. Tenant ids are never '' (the config requires one
 * character), so the aggregate's '' for "no tenant" cannot be asked for by mistake here.
 */
function asAggregate(q: UsageQuery, groupBy: AggregateQuery['groupBy']): AggregateQuery {
  return { from: q.from, to: q.to, groupBy, ...(q.tenantId !== undefined ? { tenantIds: [q.tenantId] } : {}) };
}

/** See UsageStore.aggregate. Throws RangeError on a malformed query. */
export function aggregateQuery(q: AggregateQuery, source: AggregateSource, dialect: Dialect): SqlQuery<AggregateRow[]> {
  const plan = planAggregate(q);
  return plan ? planned(plan, source, { kind: 'segment' }, dialect, (rows) => rows) : nothing([]);
}

/** See UsageStore.totals. */
export function totalsQuery(q: UsageQuery, source: AggregateSource, dialect: Dialect): SqlQuery<UsageTotals> {
  const plan = planAggregate(asAggregate(q, []));
  return plan ? planned(plan, source, { kind: 'segment' }, dialect, (rows) => (rows[0] ? totalsOf(rows[0]) : ZERO)) : nothing(ZERO);
}

const byCharge = (a: UsageTotals & { key: string }, b: UsageTotals & { key: string }): number => b.chargedCostNano - a.chargedCostNano || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * See UsageStore.totalsBy. Tenant and upstream come from the rollup; model stays on the ledger,
 * because totalsBy groups by the served model alone while the rollup keys on served-else-requested.
 */
export function totalsByQuery(q: UsageQuery, by: 'model' | 'upstream' | 'tenant', source: AggregateSource, dialect: Dialect): SqlQuery<Array<UsageTotals & { key: string }>> {
  if (by === 'model') {
    const params: unknown[] = [];
    const ph = placeholder(dialect, params);
    // Placeholders in text order: SQLite's `?` are positional.
    let where = `ts >= ${ph(q.from)} AND ts < ${ph(q.to)}`;
    if (q.tenantId !== undefined) where += ` AND tenant_id = ${ph(q.tenantId)}`;
    return {
      sql: `SELECT model_served AS k, ${TOTALS_SELECT} FROM usage WHERE ${where} GROUP BY model_served`,
      params,
      map: (rows) => rows.map((r) => ({ key: String(r['k'] ?? '(none)'), ...totalsFromColumns(r) })).sort(byCharge),
    };
  }
  const dim = by === 'tenant' ? 'tenantId' : 'upstreamId';
  const plan = planAggregate(asAggregate(q, [by]));
  return plan ? planned(plan, source, { kind: 'segment' }, dialect, (rows) => rows.map((r) => ({ key: r[dim] || '(none)', ...totalsOf(r) })).sort(byCharge)) : nothing([]);
}

/** See UsageStore.series: buckets are UTC hours or days, so a rollup hour falls in exactly one. */
export function seriesQuery(q: UsageQuery, bucket: 'hour' | 'day', source: AggregateSource, dialect: Dialect): SqlQuery<Array<UsageTotals & { bucket: number }>> {
  const plan = planAggregate(asAggregate(q, []));
  const sizeMs = SERIES_BUCKET_MS[bucket];
  return plan ? planned(plan, source, { kind: 'floor', sizeMs }, dialect, (rows) => rows.map((r) => ({ bucket: r.bucket, ...totalsOf(r) }))) : nothing([]);
}
