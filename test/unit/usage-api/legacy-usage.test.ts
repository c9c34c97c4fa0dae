// The original CCGate's usage document from a real (in-memory SQLite) ledger: totals equal to the
// rows' sums, per-kind costs that add up to the charged total to the nano, 24 hourly entries,
// and the daily limit the way admission counts it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPriceBook } from '../../../src/accounting/price-book.js';
import type { TenantConfig } from '../../../src/config/types.js';
import { COST_KINDS, splitNano, type PerKind } from '../../../src/http/routes/usage-cost-split.js';
import { legacyDayUsage, legacyLimits, utcDayStart } from '../../../src/http/routes/usage-legacy-shape.js';
import { openSqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';
import type { LedgerRow } from '../../../src/storage/types.js';
import { DAY_MS, HOUR_MS, ledgerRow } from '../storage/ledger-rows.js';

const DAY = Date.UTC(2025, 2, 14);

function nano(usd: number): number {
  return Math.round(usd * 1e9);
}

function kindsNano(t: { inputCost: number; outputCost: number; cacheCreationCost: number; cacheReadCost: number }): number {
  return nano(t.inputCost) + nano(t.outputCost) + nano(t.cacheCreationCost) + nano(t.cacheReadCost);
}

async function storeWith(rows: LedgerRow[]) {
  const store = openSqliteStore(':memory:');
  await store.migrate();
  await Promise.all(rows.map((r) => store.insert(r)));
  return store;
}

function tenant(over: Partial<TenantConfig> = {}): TenantConfig {
  return { id: 'acme', name: 'Acme', keySha256: '00', previousKeys: [], enabled: true, allowedModels: ['*'], limits: {}, timezone: 'UTC', priceMultiplier: 1, ...over };
}

describe('splitNano', () => {
  it('parts are non-negative integers adding up to the total exactly', () => {
    const cases: Array<[number, PerKind]> = [
      [1_000_001, { input: 1, output: 1, cacheCreation: 1, cacheRead: 0 }],
      [7, { input: 3e17, output: 1e-3, cacheCreation: 5, cacheRead: 2e17 }],
      [123_456_789_012, { input: 0.3, output: 0.3, cacheCreation: 0.3, cacheRead: 0.1 }],
    ];
    for (const [total, weights] of cases) {
      const parts = splitNano(total, weights);
      assert.equal(COST_KINDS.reduce((s, k) => s + parts[k], 0), total);
      for (const k of COST_KINDS) assert.ok(Number.isInteger(parts[k]) && parts[k] >= 0, `${k}=${parts[k]}`);
    }
  });

  it('splits in proportion and puts an unattributable cost on input', () => {
    assert.deepEqual(splitNano(100, { input: 1, output: 3, cacheCreation: 0, cacheRead: 0 }), { input: 25, output: 75, cacheCreation: 0, cacheRead: 0 });
    assert.deepEqual(splitNano(9, { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 }), { input: 9, output: 0, cacheCreation: 0, cacheRead: 0 });
  });
});

describe('legacyDayUsage', () => {
  const rows = [
    ledgerRow('r1', { ts: DAY + 1 * HOUR_MS, chargedCostNano: 1_234_567 }),
    ledgerRow('r2', { ts: DAY + 1 * HOUR_MS + 5, modelServed: 'claude-opus-4-6', chargedCostNano: 9_999_999, inputTokens: 7, outputTokens: 900 }),
    ledgerRow('r3', { ts: DAY + 23 * HOUR_MS, status: 529, errorType: 'overloaded_error', chargedCostNano: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 }),
    ledgerRow('other', { ts: DAY + 2 * HOUR_MS, tenantId: 'other', chargedCostNano: 5 }),
    ledgerRow('yesterday', { ts: DAY - 1, chargedCostNano: 777 }),
  ];

  it('totals, by model and by hour equal the rows of that tenant and day', async () => {
    const store = await storeWith(rows);
    const { usage, chargedNano } = await legacyDayUsage(store, createPriceBook(), { from: DAY, to: DAY + DAY_MS, tenantId: 'acme' });
    const mine = rows.filter((r) => r.tenantId === 'acme' && r.ts >= DAY);
    assert.equal(usage.totalRequests, 3);
    assert.equal(chargedNano, 1_234_567 + 9_999_999);
    assert.equal(nano(usage.totalCost), chargedNano);
    assert.equal(kindsNano(usage), chargedNano, 'per-kind costs add up to the total');
    assert.equal(usage.inputTokens, mine.reduce((s, r) => s + r.inputTokens, 0));
    assert.equal(usage.cacheCreationTokens, mine.reduce((s, r) => s + r.cacheWrite5mTokens + r.cacheWrite1hTokens, 0));
    assert.equal(usage.totalTokens, usage.inputTokens + usage.outputTokens + usage.cacheCreationTokens + usage.cacheReadTokens);
    assert.deepEqual([usage.errorCount, usage.errorRate], [1, 33]);
    assert.deepEqual(Object.keys(usage.byModel).sort(), ['claude-opus-4-6', 'claude-sonnet-4-5-20250929']);
    const opus = usage.byModel['claude-opus-4-6']!;
    assert.deepEqual([opus.totalRequests, nano(opus.totalCost), kindsNano(opus)], [1, 9_999_999, 9_999_999]);
    assert.ok(opus.outputCost > opus.inputCost, 'output dominates an output-heavy request');
    assert.deepEqual(Object.keys(usage.byHour), Array.from({ length: 24 }, (_, h) => String(h)));
    assert.deepEqual([usage.byHour['1']!.totalRequests, usage.byHour['23']!.totalRequests, usage.byHour['2']!.totalRequests], [2, 1, 0]);
    const hourCost = Object.values(usage.byHour).reduce((s, h) => s + nano(h.totalCost), 0);
    assert.equal(hourCost, chargedNano);
    for (const h of Object.values(usage.byHour)) assert.equal(kindsNano(h), nano(h.totalCost));
  });

  it('the all-tenant day includes every tenant', async () => {
    const store = await storeWith(rows);
    const { usage } = await legacyDayUsage(store, createPriceBook(), { from: DAY, to: DAY + DAY_MS });
    assert.equal(usage.totalRequests, 4);
    assert.equal(nano(usage.totalCost), 1_234_567 + 9_999_999 + 5);
  });
});

describe('legacyLimits', () => {
  const now = DAY + 12 * HOUR_MS;

  it('reports used, limit, percentage and exceeded; nothing without a daily limit', async () => {
    const store = await storeWith([]);
    assert.deepEqual(await legacyLimits(store, tenant(), now, 0), {});
    assert.deepEqual(await legacyLimits(store, tenant({ limits: { daily: { maxUsd: 2 } } }), now, nano(0.5)), { usd: { used: 0.5, limit: 2, percentage: 25, exceeded: false } });
    assert.deepEqual(await legacyLimits(store, tenant({ limits: { daily: { maxUsd: 2 } } }), now, nano(2)), { usd: { used: 2, limit: 2, percentage: 100, exceeded: true } });
  });

  it('a limit of 0 allows nothing: exceeded from the start', async () => {
    const store = await storeWith([]);
    assert.deepEqual(await legacyLimits(store, tenant({ limits: { daily: { maxUsd: 0 } } }), now, 0), { usd: { used: 0, limit: 0, percentage: 100, exceeded: true } });
  });

  it('counts a non-UTC tenant over its own day, as admission does', async () => {
    // Tokyo is UTC+9: at 12:00 UTC its day began at 15:00 UTC the day before.
    const store = await storeWith([ledgerRow('a', { ts: DAY - 10 * HOUR_MS, chargedCostNano: nano(1) }), ledgerRow('b', { ts: DAY - 8 * HOUR_MS, chargedCostNano: nano(0.25) })]);
    const limits = await legacyLimits(store, tenant({ timezone: 'Asia/Tokyo', limits: { daily: { maxUsd: 1 } } }), now, 0);
    assert.deepEqual(limits.usd, { used: 0.25, limit: 1, percentage: 25, exceeded: false });
    assert.equal(utcDayStart(now), DAY);
  });
});
