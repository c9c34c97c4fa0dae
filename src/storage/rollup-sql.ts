// Reads from the hourly rollup (usage_hourly: one row per UTC hour × tenant × model × upstream,
// kept by triggers in each SQL store), shared by the SQL stores. Whole hours of a bucket come from
// the rollup; the rest (range edges, bucket boundaries inside an hour such as midnight at UTC+5:30)
// from the ledger, so the answer is the ledger's to the millisecond.
import { DIM_ALIAS, LEDGER_DIM, LEDGER_SUMS, segmentValues, tenantFilter, type Placeholder, type PlannedAggregate, type Segment } from './aggregate-sql.js';
import type { UsageDimension } from './types.js';

/** Width of a rollup row. */
export const HOUR_MS = 3_600_000;

/** Summed columns of usage_hourly, in table order (after the key: hour, tenant_id, model, upstream_id). */
export const ROLLUP_SUMS = ['requests', 'errors', 'input_tokens', 'output_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_read_tokens', 'list_cost_nano', 'charged_cost_nano', 'upstream_cost_nano', 'flagged'] as const;

/** `expr` floored to a multiple of `sizeMs` (also below 0, where integer division truncates upward). */
export function floorSql(expr: string, sizeMs: number): string {
  return `(${expr} - (((${expr} % ${sizeMs}) + ${sizeMs}) % ${sizeMs}))`;
}

const mod = (t: number, m: number): number => ((t % m) + m) % m;
/** Start of the hour containing t. */
export const floorHour = (t: number): number => t - mod(t, HOUR_MS);
/** First hour start at or after t (computed upward, so it stays a safe integer near ±2^53). */
const ceilHour = (t: number): number => t + mod(-t, HOUR_MS);

/** Column list of usage_hourly, for INSERTs. */
export const ROLLUP_COLUMNS = `hour, tenant_id, model, upstream_id, ${ROLLUP_SUMS.join(', ')}, last_ts`;

/**
 * The rollup's rows computed from ledger rows (`source`, aliased u) matching `where`, in
 * ROLLUP_COLUMNS order: the backfill, the rebuild of a partial hour, a trigger's transition table.
 */
export function rollupFromLedger(where: string, source = 'usage'): string {
  return `SELECT ${floorSql('u.ts', HOUR_MS)} AS hour, ${LEDGER_DIM.tenant} AS tenant_id, ${LEDGER_DIM.model} AS model, ${LEDGER_DIM.upstream} AS upstream_id, ${LEDGER_SUMS}
    FROM ${source} u WHERE ${where} GROUP BY 1, 2, 3, 4`;
}

/** The rollup key of ledger row `r` (NEW or OLD in a trigger), and its contribution to each sum. */
export function rollupKeyOf(r: string): Record<'hour' | 'tenant_id' | 'model' | 'upstream_id', string> {
  return { hour: floorSql(`${r}.ts`, HOUR_MS), tenant_id: `COALESCE(${r}.tenant_id, '')`, model: `COALESCE(${r}.model_served, ${r}.model_requested, '')`, upstream_id: `COALESCE(${r}.upstream_id, '')` };
}

/** What ledger row `r` adds to each summed rollup column. */
export function rollupValuesOf(r: string): Record<(typeof ROLLUP_SUMS)[number], string> {
  return {
    requests: '1',
    errors: `CASE WHEN ${r}.status >= 400 THEN 1 ELSE 0 END`,
    input_tokens: `${r}.input_tokens`,
    output_tokens: `${r}.output_tokens`,
    cache_write_5m_tokens: `${r}.cache_write_5m_tokens`,
    cache_write_1h_tokens: `${r}.cache_write_1h_tokens`,
    cache_read_tokens: `${r}.cache_read_tokens`,
    list_cost_nano: `${r}.list_cost_nano`,
    charged_cost_nano: `${r}.charged_cost_nano`,
    upstream_cost_nano: `${r}.upstream_cost_nano`,
    flagged: `CASE WHEN ${r}.price_flagged THEN 1 ELSE 0 END`,
  };
}

/** Latest ledger time of rollup row `h`'s group, recomputed from the ledger (0 when it has none left). */
export function groupLastTsSql(h: string): string {
  return `COALESCE((SELECT MAX(u.ts) FROM usage u WHERE u.ts >= ${h}.hour AND u.ts < ${h}.hour + ${HOUR_MS}
    AND ${LEDGER_DIM.tenant} = ${h}.tenant_id AND ${LEDGER_DIM.model} = ${h}.model AND ${LEDGER_DIM.upstream} = ${h}.upstream_id), 0)`;
}

/** Segments cut into whole hours (read from the rollup) and the rest (read from the ledger). */
export interface HourSplit {
  hours: Segment[];
  ledger: Segment[];
}

/** Splits each segment into its whole hours and the partial hours at its two ends. */
export function splitHours(segments: readonly Segment[]): HourSplit {
  const out: HourSplit = { hours: [], ledger: [] };
  for (const s of segments) {
    const lo = ceilHour(s.lo);
    const hi = floorHour(s.hi);
    if (lo >= hi) {
      out.ledger.push(s);
      continue;
    }
    out.hours.push({ bucket: s.bucket, lo, hi });
    if (s.lo < lo) out.ledger.push({ bucket: s.bucket, lo: s.lo, hi: lo });
    if (hi < s.hi) out.ledger.push({ bucket: s.bucket, lo: hi, hi: s.hi });
  }
  return out;
}

/** How rows get their bucket: the index of their segment, or their time floored to a width (series). */
export type BucketBy = { kind: 'segment' } | { kind: 'floor'; sizeMs: number };

const ROLLUP_DIM: Record<UsageDimension, string> = { tenant: 'h.tenant_id', model: 'h.model', upstream: 'h.upstream_id' };
const ROLLUP_SELECT = `${ROLLUP_SUMS.map((c) => `SUM(h.${c}) AS ${c}`).join(', ')}, MAX(h.last_ts) AS last_ts`;
const OUTER_SELECT = `${ROLLUP_SUMS.map((c) => `SUM(${c}) AS ${c}`).join(', ')}, MAX(last_ts) AS last_ts`;

function part(plan: PlannedAggregate, bucket: string, dims: Record<UsageDimension, string>, from: string, ph: Placeholder, filter: (ph: Placeholder) => string, sums: string): string {
  const keys = [bucket, ...plan.groupBy.map((d) => dims[d])];
  return `SELECT ${bucket} AS b, ${[...plan.groupBy.map((d) => `${dims[d]} AS ${DIM_ALIAS[d]}`), sums].join(', ')}
    FROM ${from}${filter(ph)} GROUP BY ${keys.join(', ')}`;
}

/**
 * The aggregate of `plan` over `split`: the whole hours from each of `rollups` (PostgreSQL keeps
 * a table of not yet folded additions beside the rollup) and the rest from the ledger, each
 * grouped, then summed together. Each segment list is the outer loop of its join (CROSS JOIN
 * keeps SQLite from reordering), so every segment is one range scan of an index.
 */
export function aggregateSql(plan: PlannedAggregate, split: HourSplit, bucketBy: BucketBy, ph: Placeholder, rollups: readonly string[] = ['usage_hourly']): string {
  const ctes: string[] = [];
  const parts: string[] = [];
  if (split.hours.length) {
    ctes.push(`hseg(i, lo, hi) AS (VALUES ${segmentValues(split.hours)})`);
    const b = bucketBy.kind === 'segment' ? 'hseg.i' : floorSql('h.hour', bucketBy.sizeMs);
    for (const table of rollups) {
      parts.push(part(plan, b, ROLLUP_DIM, `hseg CROSS JOIN ${table} h WHERE h.hour >= hseg.lo AND h.hour < hseg.hi`, ph, (p) => tenantFilter('h.tenant_id', plan.tenantIds, p, false), ROLLUP_SELECT));
    }
  }
  if (split.ledger.length) {
    ctes.push(`seg(i, lo, hi) AS (VALUES ${segmentValues(split.ledger)})`);
    const b = bucketBy.kind === 'segment' ? 'seg.i' : floorSql('u.ts', bucketBy.sizeMs);
    parts.push(part(plan, b, LEDGER_DIM, 'seg CROSS JOIN usage u WHERE u.ts >= seg.lo AND u.ts < seg.hi', ph, (p) => tenantFilter('u.tenant_id', plan.tenantIds, p, true), LEDGER_SUMS));
  }
  if (parts.length === 1) return `WITH ${ctes.join(', ')} ${parts[0]!}`;
  const keys = ['b', ...plan.groupBy.map((d) => DIM_ALIAS[d])].join(', ');
  return `WITH ${ctes.join(', ')} SELECT ${keys}, ${OUTER_SELECT} FROM (${parts.join(' UNION ALL ')}) x GROUP BY ${keys}`;
}
