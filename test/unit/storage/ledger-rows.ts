// Ledger row fixtures shared by the store tests: one complete row with overridable fields.
import type { LedgerRow } from '../../../src/storage/types.js';

/** 2025-03-14 10:30:00.000 UTC: mid-hour, so hour and day boundaries are nearby and explicit. */
export const T0 = Date.UTC(2025, 2, 14, 10, 30);
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A successful, fully populated row; `over` replaces any field. */
export function ledgerRow(requestId: string, over: Partial<LedgerRow> = {}): LedgerRow {
  return {
    requestId,
    ts: T0,
    tenantId: 'acme',
    endpoint: 'anthropic',
    modelRequested: 'claude-sonnet-4-5',
    modelServed: 'claude-sonnet-4-5-20250929',
    upstreamId: 'primary',
    attempts: 1,
    status: 200,
    errorType: null,
    stream: true,
    inputTokens: 100,
    outputTokens: 20,
    cacheWrite5mTokens: 3,
    cacheWrite1hTokens: 2,
    cacheReadTokens: 50,
    listCostNano: 1_000,
    chargedCostNano: 1_200,
    upstreamCostNano: 800,
    priceFlagged: false,
    durationMs: 1_500,
    ttfbMs: 320,
    userAgent: 'test/1.0',
    usageEstimated: false,
    ...over,
  };
}

/** Every row of an async iterable, in order. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
