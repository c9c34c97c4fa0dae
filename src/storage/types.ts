// Storage interfaces. SQLite (default) and PostgreSQL implement them and pass one contract suite.
import type { NanoUsd } from '../domain/money.js';

/** One request in the ledger: also refused, failed, cut and aborted ones, with what was seen. */
export interface LedgerRow {
  requestId: string;
  /** Epoch ms when the request arrived. */
  ts: number;
  /** Tenant id, or null when the request was refused before authentication. */
  tenantId: string | null;
  endpoint: 'anthropic' | 'openai' | 'openai-responses';
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
  /**
   * True when the output tokens are the gateway's estimate of what was forwarded (a stream the
   * client dropped or the upstream cut before its final usage), not the upstream's count.
   */
  usageEstimated: boolean;
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

/** A dimension usage can be grouped by. */
export type UsageDimension = 'tenant' | 'model' | 'upstream';

/**
 * A dashboard aggregate: sums over [from, to), optionally cut into buckets and grouped by
 * dimensions. Answered from the hourly rollups plus the raw ledger for partial hours, so its cost
 * does not grow with the number of ledger rows.
 */
export interface AggregateQuery {
  from: number;
  to: number;
  /** Only these tenants ('' selects requests refused before authentication); undefined: every tenant. */
  tenantIds?: readonly string[];
  groupBy: readonly UsageDimension[];
  /**
   * Sorted bucket starts; bucket i covers [bucketStarts[i], bucketStarts[i+1] or `to`). The first
   * must equal `from`. Undefined: one bucket covering the range. Any boundary (e.g. midnight in a
   * UTC+5:30 zone) is exact, not rounded to an hour.
   */
  bucketStarts?: readonly number[];
}

/** One group of an aggregate. */
export interface AggregateRow extends UsageTotals {
  /** Index into bucketStarts (0 without buckets). */
  bucket: number;
  /** Present when grouped by tenant ('' stands for requests refused before authentication). */
  tenantId?: string;
  /** Served model (else requested); present when grouped by model, '' when unknown. */
  model?: string;
  /** Present when grouped by upstream, '' when none was reached. */
  upstreamId?: string;
  /** Requests charged at a family fallback price. */
  flaggedRequests: number;
  /** Latest request time in the group (epoch ms). */
  lastTs: number;
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
  /** Dashboard aggregate from rollups (see AggregateQuery). */
  aggregate(q: AggregateQuery): Promise<AggregateRow[]>;
  /**
   * Several aggregates read from ONE snapshot of the ledger (one read transaction), so views cut
   * by different dimensions add up to the same totals even while rows are being written.
   */
  aggregateMany(qs: readonly AggregateQuery[]): Promise<AggregateRow[][]>;
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
