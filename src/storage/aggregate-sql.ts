// The dashboard aggregate as SQL, shared by the SQL stores: query checks, the time segments each
// bucket reads, the ledger part of the query and the mapping of its rows to AggregateRow.
import type { AggregateQuery, AggregateRow, UsageDimension } from './types.js';

/** Turns a parameter value into its placeholder (`?` in SQLite, `$n` in PostgreSQL), recording it. */
export type Placeholder = (value: unknown) => string;

/** A half-open time range [lo, hi) whose rows all fall into bucket `bucket`. */
export interface Segment {
  bucket: number;
  lo: number;
  hi: number;
}

/** A checked aggregate query: its dimensions deduplicated, its buckets as [lo, hi) segments. */
export interface PlannedAggregate {
  groupBy: UsageDimension[];
  tenantIds: readonly string[] | undefined;
  /** One per non-empty bucket, in bucket order. */
  buckets: Segment[];
}

const DIMENSIONS: readonly UsageDimension[] = ['tenant', 'model', 'upstream'];

/** Output column of each dimension. */
export const DIM_ALIAS: Record<UsageDimension, string> = { tenant: 'dim_tenant', model: 'dim_model', upstream: 'dim_upstream' };

/** Each dimension over the ledger (`u`), null folded to '' as in the rollup. */
export const LEDGER_DIM: Record<UsageDimension, string> = {
  tenant: "COALESCE(u.tenant_id, '')",
  model: "COALESCE(u.model_served, u.model_requested, '')",
  upstream: "COALESCE(u.upstream_id, '')",
};

function safeInt(name: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`aggregate: ${name} must be an integer (epoch ms), got ${v}`);
}

/**
 * Checks `q` and cuts it into bucket segments; undefined when it can match no row (an empty range
 * or an empty tenant list). Throws RangeError on bucket starts that are not increasing integers
 * beginning at `from`, or on an unknown dimension.
 */
export function planAggregate(q: AggregateQuery): PlannedAggregate | undefined {
  safeInt('from', q.from);
  safeInt('to', q.to);
  const starts = q.bucketStarts ?? [q.from];
  if (starts.length === 0 || starts[0] !== q.from) throw new RangeError('aggregate: bucketStarts must begin with `from`');
  starts.forEach((s, i) => {
    safeInt('bucket start', s);
    if (i > 0 && s <= starts[i - 1]!) throw new RangeError('aggregate: bucketStarts must be strictly increasing');
  });
  for (const d of q.groupBy) if (!DIMENSIONS.includes(d)) throw new RangeError(`aggregate: unknown dimension ${String(d)}`);
  if (q.from >= q.to || q.tenantIds?.length === 0) return undefined;
  const buckets: Segment[] = [];
  starts.forEach((lo, i) => {
    const hi = Math.min(starts[i + 1] ?? q.to, q.to);
    if (lo < hi) buckets.push({ bucket: i, lo, hi });
  });
  return { groupBy: DIMENSIONS.filter((d) => q.groupBy.includes(d)), tenantIds: q.tenantIds, buckets };
}

/** `(bucket, lo, hi), …` for a VALUES list; the numbers are checked integers, so inlining is safe. */
export function segmentValues(segments: readonly Segment[]): string {
  return segments.map((s) => `(${s.bucket}, ${s.lo}, ${s.hi})`).join(', ');
}

/**
 * Tenant filter on `column`: '' selects the rows with no tenant (refused before authentication),
 * the way aggregate rows name them; nullable ledger columns need IS NULL for that.
 */
export function tenantFilter(column: string, ids: readonly string[] | undefined, ph: Placeholder, nullable: boolean): string {
  if (ids === undefined) return '';
  const named = [...new Set(ids)].filter((t) => !nullable || t !== '');
  const parts: string[] = [];
  if (named.length) parts.push(`${column} IN (${named.map(ph).join(', ')})`);
  if (nullable && ids.includes('')) parts.push(`${column} IS NULL`);
  return ` AND (${parts.join(' OR ')})`;
}

const LEDGER_AGGREGATES: ReadonlyArray<readonly [string, string]> = [
  ['requests', 'COUNT(*)'],
  ['errors', 'SUM(CASE WHEN u.status >= 400 THEN 1 ELSE 0 END)'],
  ...['input_tokens', 'output_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_read_tokens', 'list_cost_nano', 'charged_cost_nano', 'upstream_cost_nano'].map((c) => [c, `SUM(u.${c})`] as const),
  ['flagged', 'SUM(CASE WHEN u.price_flagged THEN 1 ELSE 0 END)'],
];

/**
 * SELECT list of the ledger sums under the rollup's column names (`u` is the ledger), then
 * MAX(ts) AS last_ts. `bigint` casts each sum to BIGINT: PostgreSQL sums BIGINT into NUMERIC,
 * which is several times slower to sum again than BIGINT.
 */
export function ledgerSums(bigint: boolean): string {
  const cast = (e: string): string => (bigint ? `CAST(${e} AS BIGINT)` : e);
  return `${LEDGER_AGGREGATES.map(([alias, e]) => `${cast(e)} AS ${alias}`).join(', ')}, MAX(u.ts) AS last_ts`;
}

/** SELECT list of the ledger sums (see ledgerSums), as each SQL store sums them. */
export const LEDGER_SUMS = ledgerSums(false);

function n(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

/**
 * Builds AggregateRows from result rows (keyed by the aliases above), adding up rows of the same
 * bucket and group (one per part of the query), sorted by bucket then dimensions.
 */
export function aggregateRows(rows: readonly Record<string, unknown>[], groupBy: readonly UsageDimension[]): AggregateRow[] {
  const groups = new Map<string, AggregateRow>();
  for (const r of rows) {
    const row: AggregateRow = {
      bucket: n(r['b']),
      requests: n(r['requests']),
      errors: n(r['errors']),
      inputTokens: n(r['input_tokens']),
      outputTokens: n(r['output_tokens']),
      cacheWrite5mTokens: n(r['cache_write_5m_tokens']),
      cacheWrite1hTokens: n(r['cache_write_1h_tokens']),
      cacheReadTokens: n(r['cache_read_tokens']),
      listCostNano: n(r['list_cost_nano']),
      chargedCostNano: n(r['charged_cost_nano']),
      upstreamCostNano: n(r['upstream_cost_nano']),
      flaggedRequests: n(r['flagged']),
      lastTs: n(r['last_ts']),
    };
    if (groupBy.includes('tenant')) row.tenantId = String(r[DIM_ALIAS.tenant] ?? '');
    if (groupBy.includes('model')) row.model = String(r[DIM_ALIAS.model] ?? '');
    if (groupBy.includes('upstream')) row.upstreamId = String(r[DIM_ALIAS.upstream] ?? '');
    const key = `${row.bucket}\u0000${row.tenantId ?? ''}\u0000${row.model ?? ''}\u0000${row.upstreamId ?? ''}`;
    const seen = groups.get(key);
    if (seen) addInto(seen, row);
    else groups.set(key, row);
  }
  // A group whose rows all left the rollup's pending deltas sums to nothing: not a group.
  return [...groups.values()].filter((g) => g.requests !== 0).sort(compareAggregateRows);
}

const SUMMED = ['requests', 'errors', 'inputTokens', 'outputTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'cacheReadTokens', 'listCostNano', 'chargedCostNano', 'upstreamCostNano', 'flaggedRequests'] as const;

function addInto(to: AggregateRow, from: AggregateRow): void {
  for (const k of SUMMED) to[k] += from[k];
  to.lastTs = Math.max(to.lastTs, from.lastTs);
}

function cmp(a: string | undefined, b: string | undefined): number {
  return a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1;
}

/** Order of aggregate rows: bucket, then tenant, model, upstream (code-unit order, same in every store). */
export function compareAggregateRows(a: AggregateRow, b: AggregateRow): number {
  return a.bucket - b.bucket || cmp(a.tenantId, b.tenantId) || cmp(a.model, b.model) || cmp(a.upstreamId, b.upstreamId);
}
