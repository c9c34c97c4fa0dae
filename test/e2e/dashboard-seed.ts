// The seeded world of the dashboard API tests: three tenants in three time zones (Asia/Shanghai
// UTC+8, America/New_York UTC−5 in November, a disabled one in UTC), the same four rows for the
// first two around both zones' midnights, and recent rows for "today" and the limit cards.
import type { LedgerRow } from '../../src/storage/types.js';
import { OTHER_KEY, TENANT_KEY } from '../support/stack.js';
import { seedRow } from './dashboard-client.js';

export const CAROL_KEY = 'ccg-test-carol-key-5555555555';

export const TENANTS = [
  { id: 'alice', name: 'Alice', key: TENANT_KEY, allowedModels: ['*sonnet*', '*haiku*'], timezone: 'Asia/Shanghai', limits: { daily: { maxUSD: 50 }, '5h': { maxUSD: 3 }, requestsPerMinute: 100 } },
  { id: 'bob', name: 'Bob', key: OTHER_KEY, allowedModels: ['*'], timezone: 'America/New_York', priceMultiplier: 2 },
  { id: 'carol', name: 'Carol', key: CAROL_KEY, enabled: false, timezone: 'UTC' },
];

/**
 * The same instants for alice and bob:
 *   X 2026-11-20 15:30Z = Shanghai 23:30 Nov 20 = New York 10:30 Nov 20
 *   Y 2026-11-20 16:30Z = Shanghai 00:30 Nov 21 = New York 11:30 Nov 20
 *   Z 2026-11-21 04:30Z = Shanghai 12:30 Nov 21 = New York 23:30 Nov 20
 *   W 2026-11-21 05:30Z = Shanghai 13:30 Nov 21 = New York 00:30 Nov 21
 * with charges 1, 2, 4, 8 ($0.001 units) so every split is visible in the sums.
 */
export const EDGE_ROWS = [
  { at: Date.UTC(2026, 10, 20, 15, 30), nano: 1_000_000 },
  { at: Date.UTC(2026, 10, 20, 16, 30), nano: 2_000_000 },
  { at: Date.UTC(2026, 10, 21, 4, 30), nano: 4_000_000 },
  { at: Date.UTC(2026, 10, 21, 5, 30), nano: 8_000_000 },
];

/** Every seeded row; the recent ones relative to `now`. */
export function seedRows(now: number): LedgerRow[] {
  const rows: LedgerRow[] = [];
  for (const tenant of ['alice', 'bob']) {
    EDGE_ROWS.forEach((e, i) => rows.push(seedRow(`edge-${tenant}-${i}`, e.at, tenant, { chargedCostNano: e.nano, listCostNano: e.nano, upstreamCostNano: e.nano / 2 })));
  }
  const recent = now - 2 * 60_000;
  rows.push(
    seedRow('now-alice-1', recent, 'alice', { chargedCostNano: 120_000_000, listCostNano: 120_000_000 }),
    seedRow('now-alice-2', recent + 1, 'alice', { modelServed: 'claude-mystery-9', modelRequested: 'claude-mystery-9', priceFlagged: true, chargedCostNano: 5_000_000, listCostNano: 5_000_000 }),
    seedRow('now-bob-1', recent, 'bob', { upstreamId: 'up1', cacheReadTokens: 9_000, chargedCostNano: 60_000_000, listCostNano: 30_000_000 }),
    seedRow('now-bob-err', recent + 2, 'bob', { status: 500, errorType: 'upstream_error', inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheReadTokens: 0, chargedCostNano: 0, listCostNano: 0, upstreamCostNano: 0 }),
    seedRow('now-carol-1', recent, 'carol', { chargedCostNano: 1_000_000, listCostNano: 1_000_000 }),
    seedRow('now-anon', recent + 3, null, { status: 401, errorType: 'unauthenticated', modelServed: null, upstreamId: null, inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheReadTokens: 0, chargedCostNano: 0, listCostNano: 0, upstreamCostNano: 0 }),
  );
  return rows;
}
