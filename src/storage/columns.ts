// Column list shared by the SQL stores, so row ⇄ column mapping is written once.
import type { LedgerRow } from './types.js';

/** Ledger fields in column order, with their SQL names. */
export const LEDGER_COLUMNS: ReadonlyArray<readonly [keyof LedgerRow, string]> = [
  ['requestId', 'request_id'],
  ['ts', 'ts'],
  ['tenantId', 'tenant_id'],
  ['endpoint', 'endpoint'],
  ['modelRequested', 'model_requested'],
  ['modelServed', 'model_served'],
  ['upstreamId', 'upstream_id'],
  ['attempts', 'attempts'],
  ['status', 'status'],
  ['errorType', 'error_type'],
  ['stream', 'stream'],
  ['inputTokens', 'input_tokens'],
  ['outputTokens', 'output_tokens'],
  ['cacheWrite5mTokens', 'cache_write_5m_tokens'],
  ['cacheWrite1hTokens', 'cache_write_1h_tokens'],
  ['cacheReadTokens', 'cache_read_tokens'],
  ['listCostNano', 'list_cost_nano'],
  ['chargedCostNano', 'charged_cost_nano'],
  ['upstreamCostNano', 'upstream_cost_nano'],
  ['priceFlagged', 'price_flagged'],
  ['durationMs', 'duration_ms'],
  ['ttfbMs', 'ttfb_ms'],
  ['userAgent', 'user_agent'],
  ['usageEstimated', 'usage_estimated'],
];

/** Width of the `series` buckets, epoch-aligned (so UTC hours and days) in every SQL store. */
export const SERIES_BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;

/** SELECT list of the summed totals, identical for every SQL store. */
export const TOTALS_SELECT = `COUNT(*) AS requests,
  SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors,
  SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
  SUM(cache_write_5m_tokens) AS cache_write_5m_tokens, SUM(cache_write_1h_tokens) AS cache_write_1h_tokens,
  SUM(cache_read_tokens) AS cache_read_tokens, SUM(list_cost_nano) AS list_cost_nano,
  SUM(charged_cost_nano) AS charged_cost_nano, SUM(upstream_cost_nano) AS upstream_cost_nano`;

const BOOL_FIELDS = new Set<keyof LedgerRow>(['stream', 'priceFlagged', 'usageEstimated']);

/** Builds a LedgerRow from a SQL result row keyed by column name. */
export function rowFromColumns(r: Record<string, unknown>): LedgerRow {
  const out: Record<string, unknown> = {};
  for (const [field, col] of LEDGER_COLUMNS) {
    const v = r[col];
    out[field] = BOOL_FIELDS.has(field) ? Boolean(v) : typeof v === 'bigint' || (typeof v === 'string' && col.endsWith('_nano')) ? Number(v) : v;
  }
  return out as unknown as LedgerRow;
}

/** Column values of a row in LEDGER_COLUMNS order (booleans as 0/1 for SQLite). */
export function columnValues(row: LedgerRow, boolAsInt: boolean): unknown[] {
  return LEDGER_COLUMNS.map(([field]) => {
    const v = row[field];
    return boolAsInt && typeof v === 'boolean' ? (v ? 1 : 0) : v;
  });
}

function n(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

/** Builds UsageTotals from a row selected with TOTALS_SELECT. */
export function totalsFromColumns(r: Record<string, unknown> | undefined) {
  return {
    requests: n(r?.['requests']),
    errors: n(r?.['errors']),
    inputTokens: n(r?.['input_tokens']),
    outputTokens: n(r?.['output_tokens']),
    cacheWrite5mTokens: n(r?.['cache_write_5m_tokens']),
    cacheWrite1hTokens: n(r?.['cache_write_1h_tokens']),
    cacheReadTokens: n(r?.['cache_read_tokens']),
    listCostNano: n(r?.['list_cost_nano']),
    chargedCostNano: n(r?.['charged_cost_nano']),
    upstreamCostNano: n(r?.['upstream_cost_nano']),
  };
}
