// Settles a finished request: prices its usage, writes its ledger row, then tells listeners
// (budget counters, metrics, access log). Called before the response's last byte is sent, so a
// completed request is durable before the client sees it complete.
import type { Clock } from '../domain/clock.js';
import { splitCacheWrites } from './cache-write-split.js';
import type { NanoUsd } from '../domain/money.js';
import type { Usage } from '../domain/usage.js';
import type { LedgerRow, UsageStore } from '../storage/types.js';

/** Cost of one request's usage. */
export interface Priced {
  listCostNano: NanoUsd;
  chargedCostNano: NanoUsd;
  upstreamCostNano: NanoUsd;
  /** True when the model had no exact price. */
  flagged: boolean;
}

/** Prices usage of `model` with an upstream cost multiplier and a tenant price multiplier. */
export type Pricer = (model: string, usage: Usage, upstreamCostMultiplier: number, tenantPriceMultiplier: number) => Priced;

/** Everything known about a request when it ends. */
export interface RequestRecord {
  requestId: string;
  startedAt: number;
  tenantId: string | null;
  tenantPriceMultiplier: number;
  endpoint: LedgerRow['endpoint'];
  modelRequested: string | null;
  modelServed: string | null;
  upstreamId: string | null;
  upstreamCostMultiplier: number;
  attempts: number;
  status: number;
  errorType: string | null;
  stream: boolean;
  usage: Usage;
  ttfbMs: number | null;
  userAgent: string | null;
  /** Output tokens estimated from a cut or aborted stream (see domain/output-estimate.ts). */
  usageEstimated?: boolean;
}

export interface LedgerDeps {
  store: UsageStore;
  price: Pricer;
  clock: Clock;
  /** Called after the row is stored (budgets, metrics). */
  onSettled?: (row: LedgerRow, record: RequestRecord) => void;
  /** Called when the store refused the row. */
  onStoreError?: (err: unknown, row: LedgerRow) => void;
}

function hasTokens(u: Usage): boolean {
  return u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens > 0;
}

/** Builds the ledger row of a record (pure apart from `price`). */
export function ledgerRow(record: RequestRecord, price: Pricer, nowMs: number): LedgerRow {
  const u = record.usage;
  const model = record.modelServed ?? record.modelRequested;
  const cost: Priced = model && hasTokens(u) ? price(model, u, record.upstreamCostMultiplier, record.tenantPriceMultiplier) : { listCostNano: 0, chargedCostNano: 0, upstreamCostNano: 0, flagged: false };
  // The stored split is the one the price was computed from (an unsplit remainder counts as 5m).
  const writes = splitCacheWrites(u);
  return {
    requestId: record.requestId,
    ts: record.startedAt,
    tenantId: record.tenantId,
    endpoint: record.endpoint,
    modelRequested: record.modelRequested,
    modelServed: record.modelServed,
    upstreamId: record.upstreamId,
    attempts: record.attempts,
    status: record.status,
    errorType: record.errorType,
    stream: record.stream,
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    cacheWrite5mTokens: writes.write5mTokens,
    cacheWrite1hTokens: writes.write1hTokens,
    cacheReadTokens: u.cacheReadTokens,
    listCostNano: cost.listCostNano,
    chargedCostNano: cost.chargedCostNano,
    upstreamCostNano: cost.upstreamCostNano,
    priceFlagged: cost.flagged,
    durationMs: Math.max(0, nowMs - record.startedAt),
    ttfbMs: record.ttfbMs,
    userAgent: record.userAgent,
    usageEstimated: record.usageEstimated === true,
  };
}

/** Writes ledger rows. */
export class Ledger {
  constructor(private readonly deps: LedgerDeps) {}

  /** Prices and stores a request; never throws (a store failure is reported, not raised). */
  async record(record: RequestRecord): Promise<LedgerRow> {
    const row = ledgerRow(record, this.deps.price, this.deps.clock.now());
    try {
      await this.deps.store.insert(row);
    } catch (err) {
      this.deps.onStoreError?.(err, row);
    }
    this.deps.onSettled?.(row, record);
    return row;
  }
}
