// The behaviour every UsageStore must share, run once per store (as hono runs one suite against
// each of its routers), so SQLite and PostgreSQL cannot drift apart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LedgerRow, UsageStore, UsageTotals } from '../../../src/storage/types.js';
import { aggregateContract } from './aggregate-contract.js';
import { DAY_MS, HOUR_MS, T0, collect, ledgerRow } from './ledger-rows.js';
import { rollupContract } from './rollup-contract.js';

/** Opens a store over fresh, empty storage (not yet migrated); each call gets its own. */
export type OpenStore = () => Promise<UsageStore>;

const ZERO: UsageTotals = {
  requests: 0,
  errors: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  cacheReadTokens: 0,
  listCostNano: 0,
  chargedCostNano: 0,
  upstreamCostNano: 0,
};
/** A range covering every fixture row. */
const ALL = { from: 0, to: T0 + 365 * DAY_MS };

async function withStore(open: OpenStore, fn: (store: UsageStore) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await store.migrate();
    await fn(store);
  } finally {
    await store.close();
  }
}

async function insertAll(store: UsageStore, rows: LedgerRow[]): Promise<void> {
  for (const r of rows) await store.insert(r);
}

const ids = (rows: LedgerRow[]): string[] => rows.map((r) => r.requestId);

/** Runs the shared suite against the store `open` yields. */
export function runStoreContract(name: string, open: OpenStore): void {
  describe(`store contract: ${name}`, () => {
    it('migrate() is idempotent and keeps existing rows', () =>
      withStore(open, async (store) => {
        await store.insert(ledgerRow('a'));
        await store.migrate();
        await store.migrate();
        assert.deepEqual(await store.recent(ALL, 10), [ledgerRow('a')]);
      }));

    it('totals of an empty range are all zero', () =>
      withStore(open, async (store) => {
        await store.insert(ledgerRow('a'));
        assert.deepEqual(await store.totals({ from: T0 + 1, to: T0 + 2 }), ZERO);
      }));

    it('totals sums tokens and nano costs exactly, past 2^31 and 2^32', () =>
      withStore(open, async (store) => {
        await insertAll(store, [
          ledgerRow('a', { inputTokens: 2_000_000_000, outputTokens: 1_500_000_000, cacheWrite5mTokens: 3, cacheWrite1hTokens: 5, cacheReadTokens: 7, listCostNano: 3_000_000_001, chargedCostNano: 4_500_000_003, upstreamCostNano: 2_147_483_648 }),
          ledgerRow('b', { inputTokens: 1_000_000_000, outputTokens: 1, cacheWrite5mTokens: 10, cacheWrite1hTokens: 20, cacheReadTokens: 30, listCostNano: 9_000_000_000_123, chargedCostNano: 1, upstreamCostNano: 2_147_483_647 }),
          ledgerRow('c', { ts: T0 + 1, inputTokens: 1, outputTokens: 2, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, listCostNano: 0, chargedCostNano: 0, upstreamCostNano: 0 }),
        ]);
        assert.deepEqual(await store.totals(ALL), {
          requests: 3,
          errors: 0,
          inputTokens: 3_000_000_001,
          outputTokens: 1_500_000_003,
          cacheWrite5mTokens: 13,
          cacheWrite1hTokens: 25,
          cacheReadTokens: 37,
          listCostNano: 9_003_000_000_124,
          chargedCostNano: 4_500_000_004,
          upstreamCostNano: 4_294_967_295,
        });
      }));

    it('counts a status >= 400 as an error, and 399 not', () =>
      withStore(open, async (store) => {
        await insertAll(store, [200, 399, 400, 429, 500, 529].map((status, i) => ledgerRow(`r${i}`, { status, ts: T0 + i })));
        const t = await store.totals(ALL);
        assert.equal(t.requests, 6);
        assert.equal(t.errors, 4);
      }));

    it('filters by tenant in totals, recent and rows', () =>
      withStore(open, async (store) => {
        await insertAll(store, [
          ledgerRow('t1-a', { tenantId: 't1', chargedCostNano: 10, ts: T0 }),
          ledgerRow('t2-a', { tenantId: 't2', chargedCostNano: 200, ts: T0 + 1 }),
          ledgerRow('t1-b', { tenantId: 't1', chargedCostNano: 30, ts: T0 + 2 }),
          ledgerRow('anon', { tenantId: null, chargedCostNano: 4_000, ts: T0 + 3 }),
        ]);
        const q = { ...ALL, tenantId: 't1' };
        const t = await store.totals(q);
        assert.equal(t.requests, 2);
        assert.equal(t.chargedCostNano, 40);
        assert.deepEqual(ids(await store.recent(q, 10)), ['t1-b', 't1-a']);
        assert.deepEqual(ids(await collect(store.rows(q))), ['t1-a', 't1-b']);
        assert.deepEqual(await store.totals({ ...ALL, tenantId: 'nobody' }), ZERO);
      }));

    it('ranges include `from` and exclude `to`', () =>
      withStore(open, async (store) => {
        const from = T0;
        const to = T0 + 1_000;
        await insertAll(store, [
          ledgerRow('before', { ts: from - 1 }),
          ledgerRow('first', { ts: from }),
          ledgerRow('last', { ts: to - 1 }),
          ledgerRow('after', { ts: to }),
        ]);
        assert.equal((await store.totals({ from, to })).requests, 2);
        assert.deepEqual(ids(await collect(store.rows({ from, to }))), ['first', 'last']);
        assert.deepEqual(ids(await store.recent({ from, to }, 10)), ['last', 'first']);
        assert.deepEqual((await store.series({ from, to }, 'hour')).map((b) => b.requests), [2]);
      }));

    it('totalsBy groups by model served, upstream and tenant, largest charge first, null as (none)', () =>
      withStore(open, async (store) => {
        await insertAll(store, [
          ledgerRow('a', { modelServed: 'm1', upstreamId: 'u1', tenantId: 't1', chargedCostNano: 100, ts: T0 }),
          ledgerRow('b', { modelServed: 'm1', upstreamId: 'u2', tenantId: 't2', chargedCostNano: 50, status: 500, ts: T0 + 1 }),
          ledgerRow('c', { modelServed: 'm2', upstreamId: 'u1', tenantId: 't1', chargedCostNano: 500, ts: T0 + 2 }),
          ledgerRow('d', { modelServed: null, upstreamId: null, tenantId: null, chargedCostNano: 1, status: 401, ts: T0 + 3 }),
        ]);
        const summary = async (by: 'model' | 'upstream' | 'tenant') =>
          (await store.totalsBy(ALL, by)).map((g) => [g.key, g.requests, g.errors, g.chargedCostNano]);
        assert.deepEqual(await summary('model'), [['m2', 1, 0, 500], ['m1', 2, 1, 150], ['(none)', 1, 1, 1]]);
        assert.deepEqual(await summary('upstream'), [['u1', 2, 0, 600], ['u2', 1, 1, 50], ['(none)', 1, 1, 1]]);
        assert.deepEqual(await summary('tenant'), [['t1', 2, 0, 600], ['t2', 1, 1, 50], ['(none)', 1, 1, 1]]);
        const m1 = (await store.totalsBy(ALL, 'model')).find((g) => g.key === 'm1');
        assert.deepEqual(m1, { key: 'm1', ...ZERO, requests: 2, errors: 1, inputTokens: 200, outputTokens: 40, cacheWrite5mTokens: 6, cacheWrite1hTokens: 4, cacheReadTokens: 100, listCostNano: 2_000, chargedCostNano: 150, upstreamCostNano: 1_600 });
        assert.deepEqual(await store.totalsBy({ ...ALL, tenantId: 't2' }, 'model').then((g) => g.map((x) => x.key)), ['m1']);
      }));

    it('series buckets by UTC hour and day, omitting empty buckets', () =>
      withStore(open, async (store) => {
        const at = (d: number, h: number, m = 0, s = 0, ms = 0): number => Date.UTC(2025, 2, d, h, m, s, ms);
        await insertAll(store, [
          ledgerRow('h10-start', { ts: at(14, 10), chargedCostNano: 1 }),
          ledgerRow('h10-end', { ts: at(14, 10, 59, 59, 999), chargedCostNano: 2 }),
          ledgerRow('h11-start', { ts: at(14, 11), chargedCostNano: 4 }),
          ledgerRow('h13', { ts: at(14, 13, 15), chargedCostNano: 8 }),
          ledgerRow('day-end', { ts: at(14, 23, 59, 59, 999), chargedCostNano: 16 }),
          ledgerRow('next-day', { ts: at(15, 0), chargedCostNano: 32 }),
        ]);
        const hours = await store.series(ALL, 'hour');
        assert.deepEqual(hours.map((b) => [b.bucket, b.requests, b.chargedCostNano]), [
          [at(14, 10), 2, 3],
          [at(14, 11), 1, 4],
          [at(14, 13), 1, 8],
          [at(14, 23), 1, 16],
          [at(15, 0), 1, 32],
        ]);
        const days = await store.series(ALL, 'day');
        assert.deepEqual(days.map((b) => [b.bucket, b.requests, b.chargedCostNano]), [
          [at(14, 0), 5, 31],
          [at(15, 0), 1, 32],
        ]);
        assert.deepEqual(days[1], { bucket: at(15, 0), ...ZERO, requests: 1, inputTokens: 100, outputTokens: 20, cacheWrite5mTokens: 3, cacheWrite1hTokens: 2, cacheReadTokens: 50, listCostNano: 1_000, chargedCostNano: 32, upstreamCostNano: 800 });
      }));

    it('recent returns the newest rows first, at most `limit`', () =>
      withStore(open, async (store) => {
        // Inserted out of order, so insertion order cannot pass for time order.
        await insertAll(store, [3, 0, 4, 1, 2].map((i) => ledgerRow(`r${i}`, { ts: T0 + i * 1_000 })));
        assert.deepEqual(ids(await store.recent(ALL, 3)), ['r4', 'r3', 'r2']);
        assert.deepEqual(ids(await store.recent(ALL, 10)), ['r4', 'r3', 'r2', 'r1', 'r0']);
        assert.deepEqual(ids(await store.recent({ from: T0, to: T0 + 2_000 }, 10)), ['r1', 'r0']);
      }));

    it('rows yields every row in range, oldest first, field for field', () =>
      withStore(open, async (store) => {
        const rows = [5, 2, 6, 0, 3, 1, 4].map((i) => ledgerRow(`r${i}`, { ts: T0 + i * 60_000, inputTokens: i, chargedCostNano: 3_000_000_000 + i }));
        await insertAll(store, rows);
        const expected = [...rows].sort((a, b) => a.ts - b.ts);
        assert.deepEqual(await collect(store.rows(ALL)), expected);
        assert.deepEqual(await collect(store.rows({ from: T0 + 1, to: T0 + 1 })), []);
      }));

    it('rows pages through thousands of rows with tied timestamps, each once, in (ts, id) order', () =>
      withStore(open, async (store) => {
        // 2,345 rows, 7 per millisecond: pages of 1,000 end inside a group of equal timestamps.
        const count = 2_345;
        const order = Array.from({ length: count }, (_, i) => (i * 7_919) % count);
        const rows = order.map((i) => ledgerRow(`r${String(i).padStart(5, '0')}`, { ts: T0 + Math.floor(i / 7) }));
        // Concurrent inserts in chunks: a server store commits each one, one by one takes seconds.
        for (let i = 0; i < count; i += 50) await Promise.all(rows.slice(i, i + 50).map((r) => store.insert(r)));
        const got = ids(await collect(store.rows(ALL)));
        assert.equal(got.length, count);
        assert.deepEqual(got, Array.from({ length: count }, (_, i) => `r${String(i).padStart(5, '0')}`));
      }));

    it('rows does not block inserts while an export is part-way', () =>
      withStore(open, async (store) => {
        await insertAll(store, [0, 1, 2].map((i) => ledgerRow(`r${i}`, { ts: T0 + i })));
        const seen: string[] = [];
        for await (const r of store.rows({ from: T0, to: T0 + 3 })) {
          seen.push(r.requestId);
          // The gateway keeps settling requests during an export; outside the range, so the
          // export's own result does not depend on snapshot semantics.
          await store.insert(ledgerRow(`late-${r.requestId}`, { ts: T0 + DAY_MS }));
        }
        assert.deepEqual(seen, ['r0', 'r1', 'r2']);
        assert.equal((await store.totals(ALL)).requests, 6);
      }));

    it('rows can be abandoned part-way and the store stays usable', () =>
      withStore(open, async (store) => {
        await insertAll(store, [0, 1, 2, 3].map((i) => ledgerRow(`r${i}`, { ts: T0 + i })));
        for await (const r of store.rows(ALL)) if (r.requestId === 'r1') break;
        await store.insert(ledgerRow('after-break', { ts: T0 + 10 }));
        assert.equal((await store.totals(ALL)).requests, 5);
      }));

    it('chargedSince sums one tenant from `from` (inclusive) on, with no upper bound', () =>
      withStore(open, async (store) => {
        await insertAll(store, [
          ledgerRow('old', { tenantId: 't1', ts: T0 - 1, chargedCostNano: 1 }),
          ledgerRow('now', { tenantId: 't1', ts: T0, chargedCostNano: 3_000_000_000 }),
          ledgerRow('later', { tenantId: 't1', ts: T0 + 400 * DAY_MS, chargedCostNano: 2_500_000_000 }),
          ledgerRow('other', { tenantId: 't2', ts: T0, chargedCostNano: 1_000 }),
          ledgerRow('anon', { tenantId: null, ts: T0, chargedCostNano: 7 }),
        ]);
        assert.equal(await store.chargedSince('t1', T0), 5_500_000_000);
        assert.equal(await store.chargedSince('t1', T0 + 1), 2_500_000_000);
        assert.equal(await store.chargedSince('t1', 0), 5_500_000_001);
        assert.equal(await store.chargedSince('nobody', 0), 0);
      }));

    it('inserting a request id again replaces its row (upsert), never duplicates it', () =>
      withStore(open, async (store) => {
        await store.insert(ledgerRow('dup', { chargedCostNano: 5, status: 200 }));
        const second = ledgerRow('dup', { chargedCostNano: 7, status: 500, errorType: 'api_error', tenantId: 't2', ts: T0 + HOUR_MS });
        await store.insert(second);
        const t = await store.totals(ALL);
        assert.equal(t.requests, 1);
        assert.equal(t.errors, 1);
        assert.equal(t.chargedCostNano, 7);
        assert.deepEqual(await collect(store.rows(ALL)), [second]);
      }));

    it('deleteBefore and deleteAll delete what they say and count it', () =>
      withStore(open, async (store) => {
        await insertAll(store, [-2, -1, 0, 1].map((d) => ledgerRow(`r${d}`, { ts: T0 + d })));
        assert.equal(await store.deleteBefore(T0), 2);
        assert.deepEqual(ids(await collect(store.rows(ALL))), ['r0', 'r1']);
        assert.equal(await store.deleteBefore(T0), 0);
        assert.equal(await store.deleteAll(), 2);
        assert.equal(await store.deleteAll(), 0);
        assert.deepEqual(await store.totals(ALL), ZERO);
      }));

    it('round-trips booleans, nulls, zeros and large integers exactly', () =>
      withStore(open, async (store) => {
        const sparse: LedgerRow = {
          requestId: 'sparse',
          ts: T0,
          tenantId: null,
          endpoint: 'openai',
          modelRequested: null,
          modelServed: null,
          upstreamId: null,
          attempts: 0,
          status: 401,
          errorType: 'authentication_error',
          stream: false,
          inputTokens: 0,
          outputTokens: 0,
          cacheWrite5mTokens: 0,
          cacheWrite1hTokens: 0,
          cacheReadTokens: 0,
          listCostNano: 0,
          chargedCostNano: 0,
          upstreamCostNano: 0,
          priceFlagged: false,
          durationMs: 0,
          ttfbMs: null,
          userAgent: null,
          usageEstimated: false,
        };
        const full = ledgerRow('full', {
          ts: T0 + 1,
          stream: true,
          priceFlagged: true,
          ttfbMs: 0,
          attempts: 3,
          listCostNano: Number.MAX_SAFE_INTEGER,
          chargedCostNano: 2 ** 40 + 1,
          userAgent: "Café 'quoted' \"client\" ✓",
          usageEstimated: true,
        });
        await insertAll(store, [sparse, full]);
        assert.deepEqual(await collect(store.rows(ALL)), [sparse, full]);
        assert.deepEqual(await store.recent(ALL, 2), [full, sparse]);
      }));

    aggregateContract((fn) => withStore(open, fn));
    rollupContract((fn) => withStore(open, fn));
  });
}
