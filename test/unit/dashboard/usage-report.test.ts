// The usage report builder: every view sums the same integer rows (totals = Σ byModel = Σ byTenant
// = Σ buckets, exactly), costs per viewer, cache figures at the charged rates, series and overlay,
// and a golden answer for a small case.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResolvedRange } from '../../../src/http/dashboard/api-types.js';
import { buildUsageReport, type CacheRates, type ReportInput } from '../../../src/http/dashboard/usage-report.js';
import type { AggregateRow } from '../../../src/storage/types.js';

const H = 3_600_000;
const FROM = Date.UTC(2026, 0, 5);
const starts = [FROM, FROM + H, FROM + 2 * H];
const range: ResolvedRange = { fromMs: FROM, toMs: FROM + 3 * H, from: new Date(FROM).toISOString(), to: new Date(FROM + 3 * H).toISOString(), tz: 'UTC', bucket: 'hour', preset: null };

function row(bucket: number, tenantId: string, model: string, upstreamId: string, n: Partial<AggregateRow> = {}): AggregateRow {
  return {
    bucket,
    tenantId,
    model,
    upstreamId,
    requests: 1,
    errors: 0,
    inputTokens: 100,
    outputTokens: 50,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 0,
    listCostNano: 1_000,
    chargedCostNano: 1_000,
    upstreamCostNano: 500,
    flaggedRequests: 0,
    lastTs: starts[bucket]! + 60_000,
    ...n,
  };
}

/** Charged nano-USD per token at Sonnet's list prices ($3/M input, $0.30/M cache read, $3.75/M 5m write, $6/M 1h write). */
const RATES: CacheRates = { inputNano: 3_000, cacheReadNano: 300, cacheWrite5mNano: 3_750, cacheWrite1hNano: 6_000 };

const ROWS: AggregateRow[] = [
  row(0, 'alice', 'claude-sonnet-4-6', 'up1', { cacheReadTokens: 1_000, cacheWrite5mTokens: 200, chargedCostNano: 7_777, listCostNano: 7_000, upstreamCostNano: 3_500 }),
  row(0, 'bob', 'claude-haiku-4-5', 'up2', { requests: 3, errors: 1, chargedCostNano: 333, listCostNano: 222, upstreamCostNano: 111 }),
  row(1, 'alice', 'claude-haiku-4-5', 'up1', { cacheWrite1hTokens: 10, chargedCostNano: 1_001 }),
  row(2, 'bob', 'claude-sonnet-4-6', 'up1', { requests: 2, chargedCostNano: 2_002, cacheReadTokens: 3 }),
  row(2, '', '', '', { requests: 4, errors: 4, inputTokens: 0, outputTokens: 0, chargedCostNano: 0, listCostNano: 0, upstreamCostNano: 0 }),
  row(1, 'bob', 'mystery-model', 'up2', { flaggedRequests: 1, chargedCostNano: 5 }),
];

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    viewer: 'admin',
    range,
    starts,
    labels: ['2026-01-05 00:00', '2026-01-05 01:00', '2026-01-05 02:00'],
    rows: ROWS,
    tenantId: null,
    showUpstreams: false,
    tenantName: (id) => ({ alice: 'Alice', bob: 'Bob' })[id] ?? id,
    cacheRates: (_tenant, model) => (model.startsWith('claude') ? RATES : undefined),
    ...over,
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('usage report', () => {
  it('every view adds up to the totals, exactly, and says so', () => {
    const r = buildUsageReport(input());
    assert.deepEqual(r.reconciled, { byModel: true, byTenant: true, byBucket: true, byUpstream: true });
    const t = r.totals;
    assert.equal(t.requests, sum(ROWS.map((x) => x.requests)));
    assert.equal(t.cost.chargedNano, sum(ROWS.map((x) => x.chargedCostNano)));
    for (const view of [r.byModel, r.byTenant!, r.byUpstream!, r.buckets]) {
      assert.equal(sum(view.map((g) => g.requests)), t.requests);
      assert.equal(sum(view.map((g) => g.errors)), t.errors);
      assert.equal(sum(view.map((g) => g.cost.chargedNano)), t.cost.chargedNano);
      assert.equal(sum(view.map((g) => g.cost.listNano!)), t.cost.listNano);
      assert.equal(sum(view.map((g) => g.tokens.total)), t.tokens.total);
      assert.equal(sum(view.map((g) => g.cache.savedNano)), t.cache.savedNano);
    }
    assert.equal(sum(r.seriesByModel.chargedNano.flat()), t.cost.chargedNano);
    assert.equal(sum(r.seriesByModel.requests.flat()), t.requests);
  });

  it('a row outside the buckets is caught by the reconciliation', () => {
    const r = buildUsageReport(input({ rows: [...ROWS, row(7, 'alice', 'claude-sonnet-4-6', 'up1')] }));
    assert.deepEqual(r.reconciled, { byModel: true, byTenant: true, byBucket: false, byUpstream: true });
  });

  it('cache: hit rate, reads saved and write premium at the charged rates, net', () => {
    const r = buildUsageReport(input({ rows: [ROWS[0]!] }));
    const c = r.totals.cache;
    assert.equal(c.hitRate, 1_000 / (100 + 200 + 1_000));
    assert.equal(c.savedNano, 1_000 * (3_000 - 300));
    assert.equal(c.writePremiumNano, 200 * (3_750 - 3_000));
    assert.equal(c.netSavedNano, 2_700_000 - 150_000);
    assert.equal(c.netSavedUsd, 2_550_000 / 1e9);
    assert.equal(buildUsageReport(input({ rows: [ROWS[5]!] })).totals.cache.savedNano, 0, 'no rates, no saving claimed');
  });

  it('admin sees list and upstream cost, every tenant, upstreams and unpriced models', () => {
    const r = buildUsageReport(input());
    assert.deepEqual(r.byTenant!.map((g) => [g.key, g.name]), [['alice', 'Alice'], ['bob', 'Bob'], ['', '']]);
    assert.deepEqual(r.unpricedModels, ['mystery-model']);
    assert.ok(r.totals.cost.upstreamNano !== undefined);
    assert.deepEqual(r.byModel.map((g) => g.key), ['claude-sonnet-4-6', 'claude-haiku-4-5', 'mystery-model', ''], 'largest charge first');
  });

  it('a tenant sees only charged cost, no tenant split, no upstreams unless allowed', () => {
    const own = ROWS.filter((x) => x.tenantId === 'alice');
    const r = buildUsageReport(input({ viewer: 'tenant', rows: own, tenantId: 'alice' }));
    assert.deepEqual(Object.keys(r.totals.cost).sort(), ['chargedNano', 'chargedUsd']);
    for (const g of r.byModel) assert.deepEqual(Object.keys(g.cost).sort(), ['chargedNano', 'chargedUsd']);
    assert.equal(r.byTenant, undefined);
    assert.equal(r.byUpstream, undefined);
    assert.equal(r.unpricedModels, undefined);
    assert.equal(r.reconciled.byTenant, null);
    assert.deepEqual(buildUsageReport(input({ viewer: 'tenant', rows: own, tenantId: 'alice', showUpstreams: true })).byUpstream?.map((g) => g.key), ['up1']);
  });

  it('overlay of named tenants per bucket', () => {
    const r = buildUsageReport(input({ overlay: ['bob', 'alice', 'carol'] }));
    assert.deepEqual(r.seriesByTenant, {
      keys: ['bob', 'alice', 'carol'],
      names: ['Bob', 'Alice', 'carol'],
      chargedNano: [[333, 7_777, 0], [5, 1_001, 0], [2_002, 0, 0]],
      requests: [[3, 1, 0], [1, 1, 0], [2, 0, 0]],
    });
  });

  it('golden: one row in one bucket', () => {
    const one = row(0, 'alice', 'claude-sonnet-4-6', 'up1', { cacheReadTokens: 1_000, chargedCostNano: 4_000, listCostNano: 4_000, upstreamCostNano: 2_000 });
    const r = buildUsageReport(input({ viewer: 'tenant', tenantId: 'alice', rows: [one], starts: [FROM], labels: ['2026-01-05 00:00'], range: { ...range, toMs: FROM + H, to: new Date(FROM + H).toISOString() } }));
    const totals = {
      requests: 1,
      errors: 0,
      errorRate: 0,
      tokens: { input: 100, output: 50, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 1_000, total: 1_150 },
      cost: { chargedNano: 4_000, chargedUsd: 0.000004 },
      cache: { hitRate: 1_000 / 1_100, savedNano: 2_700_000, savedUsd: 0.0027, writePremiumNano: 0, netSavedNano: 2_700_000, netSavedUsd: 0.0027 },
      flaggedRequests: 0,
    };
    assert.deepEqual(r, {
      range: { ...range, toMs: FROM + H, to: '2026-01-05T01:00:00.000Z' },
      tenantId: 'alice',
      totals,
      byModel: [{ key: 'claude-sonnet-4-6', ...totals }],
      buckets: [{ startMs: FROM, label: '2026-01-05 00:00', ...totals }],
      seriesByModel: { keys: ['claude-sonnet-4-6'], names: ['claude-sonnet-4-6'], chargedNano: [[4_000]], requests: [[1]] },
      reconciled: { byModel: true, byTenant: null, byBucket: true, byUpstream: null },
    });
  });

  it('savings are whole nano-USD per token, so a view from another grouping reconciles exactly', () => {
    // A tenant multiplier of 1.15 makes fractional rates (345.00000000000006 nano per read token).
    const odd: CacheRates = { inputNano: 3_000 * 1.15, cacheReadNano: 300 * 1.15, cacheWrite5mNano: 3_750 * 1.15, cacheWrite1hNano: 6_000 * 1.15 };
    const rows = [row(0, 'alice', 'claude-sonnet-4-6', 'up1', { cacheReadTokens: 7, cacheWrite5mTokens: 3 }), row(1, 'alice', 'claude-sonnet-4-6', 'up2', { cacheReadTokens: 11, cacheWrite1hTokens: 5 })];
    // The same usage as the second query groups it: one row per upstream over the whole range.
    const upstreamRows = rows.map((x) => ({ ...x, bucket: 0 }));
    const r = buildUsageReport(input({ rows: rows.map(({ upstreamId: _u, ...x }) => x), upstreamRows, cacheRates: () => odd }));
    assert.equal(r.totals.cache.savedNano, 18 * Math.round(3_450 - 345));
    assert.equal(r.totals.cache.writePremiumNano, 3 * Math.round(4_312.5 - 3_450) + 5 * Math.round(6_900 - 3_450));
    assert.deepEqual(r.byUpstream!.map((g) => g.key).sort(), ['up1', 'up2']);
    assert.equal(r.reconciled.byUpstream, true);
    assert.equal(sum(r.byUpstream!.map((g) => g.cache.savedNano)), r.totals.cache.savedNano);
  });

  it('an upstream view that misses rows of the totals is caught', () => {
    const r = buildUsageReport(input({ upstreamRows: ROWS.slice(1) }));
    assert.equal(r.reconciled.byUpstream, false);
  });
});
