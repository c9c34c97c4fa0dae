// Storage interfaces. SQLite (default) and PostgreSQL implement them and pass one contract suite.
import type { NanoUsd } from '../domain/money.js';

/** One request in the ledger: also refused, failed, cut and aborted ones, with what was seen. */
export interface LedgerRow {
  requestId: string;
  /** Epoch ms when the request arrived. */
  ts: number;
  /** Tenant id, or null when the request was refused before authentication. */
  tenantId: string | null;
  endpoint: 'anthropic' | 'openai';
  modelRequested: string | null;
  modelServed: string | null;
  upstreamId: string | null;
  attempts: number;
  status: number;
  /** Stable error code or upstream error type; null on success. */
  errorType: string | null;
  stream: boolean;
  inputTokens: number;
  outputTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
  /** Cost at list price. */
  listCostNano: NanoUsd;
  /** What the tenant is charged (list × tenant multiplier). */
  chargedCostNano: NanoUsd;
  /** Estimated real cost at the upstream (list × upstream multiplier). */
  upstreamCostNano: NanoUsd;
  /** True when the model had no exact price (family fallback). */
  priceFlagged: boolean;
  durationMs: number;
  ttfbMs: number | null;
  userAgent: string | null;
}

/** Time range and filters for usage queries; `from` inclusive, `to` exclusive, epoch ms. */
export interface UsageQuery {
  from: number;
  to: number;
  tenantId?: string;
}

/** Sums over a set of ledger rows. */
export interface UsageTotals {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
  listCostNano: NanoUsd;
  chargedCostNano: NanoUsd;
  upstreamCostNano: NanoUsd;
}

/** The durable ledger. */
export interface UsageStore {
  /** Applies pending schema migrations. */
  migrate(): Promise<void>;
  /** Durably stores one row; resolves once it would survive kill -9. */
  insert(row: LedgerRow): Promise<void>;
  /** Sums over a range. */
  totals(q: UsageQuery): Promise<UsageTotals>;
  /** Sums grouped by a dimension over a range. */
  totalsBy(q: UsageQuery, by: 'model' | 'upstream' | 'tenant'): Promise<Array<UsageTotals & { key: string }>>;
  /** Sums per time bucket (bucket start in epoch ms, buckets aligned to UTC). */
  series(q: UsageQuery, bucket: 'hour' | 'day'): Promise<Array<UsageTotals & { bucket: number }>>;
  /** Most recent rows, newest first (metadata only). */
  recent(q: UsageQuery, limit: number): Promise<LedgerRow[]>;
  /** Rows in a range, oldest first, for export. */
  rows(q: UsageQuery): AsyncIterable<LedgerRow>;
  /** Charged cost of a tenant since `from` (for budget windows, read at start-up, not per request). */
  chargedSince(tenantId: string, from: number): Promise<NanoUsd>;
  /** Charged cost of a tenant since `from`, summed per bucket of `bucketMs` (seeds the rolling window). */
  chargedByBucket(tenantId: string, from: number, bucketMs: number): Promise<Array<{ bucket: number; nano: NanoUsd }>>;
  /** Deletes rows older than `before`; returns how many. */
  deleteBefore(before: number): Promise<number>;
  /** Deletes every row; returns how many. */
  deleteAll(): Promise<number>;
  close(): Promise<void>;
}
