// The dashboard aggregate's contract, run against every store: range and bucket edges to the
// millisecond, grouping with nulls folded to '', tenant filters, and random ledgers and queries
// compared with the plain reference in aggregate-reference.ts.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AggregateRow, LedgerRow, UsageStore } from '../../../src/storage/types.js';
import { prng, randomLedger, randomQuery, referenceAggregate } from './aggregate-reference.js';
import { DAY_MS, HOUR_MS, T0, ledgerRow } from './ledger-rows.js';

/** Runs `fn` on a fresh, migrated store. */
export type WithStore = (fn: (store: UsageStore) => Promise<void>) => Promise<void>;

/** Inserts rows 50 at a time (a server store commits each one; one by one would take seconds). */
export async function insertMany(store: UsageStore, rows: readonly LedgerRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) await Promise.all(rows.slice(i, i + 50).map((r) => store.insert(r)));
}

const SUMS = { inputTokens: 100, outputTokens: 20, cacheWrite5mTokens: 3, cacheWrite1hTokens: 2, cacheReadTokens: 50, listCostNano: 1_000, chargedCostNano: 1_200, upstreamCostNano: 800 };

/** An aggregate row of `n` default fixture rows. */
function fixtureSums(n: number, over: Partial<AggregateRow>): AggregateRow {
  const row: AggregateRow = { bucket: 0, requests: n, errors: 0, flaggedRequests: 0, lastTs: T0, ...SUMS };
  for (const k of Object.keys(SUMS) as Array<keyof typeof SUMS>) row[k] = SUMS[k] * n;
  return { ...row, ...over };
}

/** Registers the aggregate tests (inside the caller's describe). */
export function aggregateContract(withStore: WithStore): void {
  it('aggregate sums a range into one bucket: every total, flagged count and latest time', () =>
    withStore(async (store) => {
      await insertMany(store, [
        ledgerRow('before', { ts: T0 - 1 }),
        ledgerRow('first', { ts: T0 }),
        ledgerRow('err', { ts: T0 + 10, status: 529, priceFlagged: true }),
        ledgerRow('last', { ts: T0 + 999 }),
        ledgerRow('after', { ts: T0 + 1_000 }),
      ]);
      assert.deepEqual(await store.aggregate({ from: T0, to: T0 + 1_000, groupBy: [] }), [fixtureSums(3, { errors: 1, flaggedRequests: 1, lastTs: T0 + 999 })]);
      assert.deepEqual(await store.aggregate({ from: T0 + 1_000 + 1, to: T0 + 2_000, groupBy: ['tenant'] }), []);
    }));

  it('aggregate groups by tenant, model (served, else requested) and upstream, with null as ""', () =>
    withStore(async (store) => {
      await insertMany(store, [
        ledgerRow('a', { tenantId: 't1', modelServed: 'm1', upstreamId: 'u1' }),
        ledgerRow('b', { tenantId: 't1', modelServed: null, modelRequested: 'm1', upstreamId: 'u1', ts: T0 + 1 }),
        ledgerRow('c', { tenantId: 't2', modelServed: 'm2', upstreamId: 'u2' }),
        ledgerRow('d', { tenantId: null, modelServed: null, modelRequested: null, upstreamId: null, status: 401 }),
      ]);
      const q = { from: T0, to: T0 + HOUR_MS };
      assert.deepEqual(await store.aggregate({ ...q, groupBy: ['tenant'] }), [
        fixtureSums(1, { tenantId: '', errors: 1 }),
        fixtureSums(2, { tenantId: 't1', lastTs: T0 + 1 }),
        fixtureSums(1, { tenantId: 't2' }),
      ]);
      assert.deepEqual((await store.aggregate({ ...q, groupBy: ['model'] })).map((r) => [r.model, r.requests, 'tenantId' in r, 'upstreamId' in r]), [['', 1, false, false], ['m1', 2, false, false], ['m2', 1, false, false]]);
      assert.deepEqual((await store.aggregate({ ...q, groupBy: ['upstream', 'tenant', 'model'] })).map((r) => [r.tenantId, r.model, r.upstreamId, r.requests]), [['', '', '', 1], ['t1', 'm1', 'u1', 2], ['t2', 'm2', 'u2', 1]]);
    }));

  it('aggregate cuts buckets at exact boundaries, also mid-hour (midnight at UTC+5:30), omitting empty ones', () =>
    withStore(async (store) => {
      // Midnight 2025-03-15 in Asia/Kolkata is 18:30 UTC on the 14th.
      const midnight = Date.UTC(2025, 2, 14, 18, 30);
      const from = midnight - DAY_MS;
      await insertMany(store, [
        ledgerRow('day1-first', { ts: from }),
        ledgerRow('day1-last', { ts: midnight - 1, chargedCostNano: 5 }),
        ledgerRow('day2-first', { ts: midnight, chargedCostNano: 7 }),
        ledgerRow('day4', { ts: midnight + 2 * DAY_MS + 3 }),
        ledgerRow('out', { ts: midnight + 3 * DAY_MS }),
      ]);
      const rows = await store.aggregate({ from, to: midnight + 3 * DAY_MS, groupBy: [], bucketStarts: [from, midnight, midnight + DAY_MS, midnight + 2 * DAY_MS] });
      assert.deepEqual(rows.map((r) => [r.bucket, r.requests, r.chargedCostNano, r.lastTs]), [
        [0, 2, 1_205, midnight - 1],
        [1, 1, 7, midnight],
        [3, 1, 1_200, midnight + 2 * DAY_MS + 3],
      ]);
    }));

  it('aggregate filters by tenant ids ("" selects requests refused before authentication)', () =>
    withStore(async (store) => {
      await insertMany(store, [ledgerRow('a', { tenantId: 't1' }), ledgerRow('b', { tenantId: 't2' }), ledgerRow('c', { tenantId: null }), ledgerRow('d', { tenantId: 't3' })]);
      const q = { from: T0, to: T0 + 1, groupBy: ['tenant'] as const };
      const tenants = async (tenantIds: string[]) => (await store.aggregate({ ...q, tenantIds })).map((r) => r.tenantId);
      assert.deepEqual(await tenants(['t2', 't1', 'nobody']), ['t1', 't2']);
      assert.deepEqual(await tenants(['', 't3']), ['', 't3']);
      assert.deepEqual(await tenants([]), []);
      assert.deepEqual((await store.aggregate({ from: T0, to: T0 + 1, groupBy: [], tenantIds: ['t1', 't3'] })).map((r) => r.requests), [2]);
    }));

  it('aggregate refuses bucket starts that do not begin at `from` or do not increase', () =>
    withStore(async (store) => {
      await assert.rejects(store.aggregate({ from: T0, to: T0 + DAY_MS, groupBy: [], bucketStarts: [T0 + 1] }), RangeError);
      await assert.rejects(store.aggregate({ from: T0, to: T0 + DAY_MS, groupBy: [], bucketStarts: [T0, T0 + 5, T0 + 5] }), RangeError);
      await assert.rejects(store.aggregate({ from: T0, to: T0 + DAY_MS, groupBy: [], bucketStarts: [] }), RangeError);
    }));

  it('aggregate equals the plain reference on random ledgers and queries (seeded)', () =>
    withStore(async (store) => {
      const rnd = prng(20_250_314);
      const start = Date.UTC(2025, 2, 14, 7, 0);
      const span = 3 * DAY_MS;
      const rows = randomLedger(rnd, 400, start, span);
      await insertMany(store, rows);
      for (let i = 0; i < 60; i++) {
        const q = randomQuery(rnd, start, span);
        assert.deepEqual(await store.aggregate(q), referenceAggregate(rows, q), `query ${i}: ${JSON.stringify(q)}`);
      }
    }));

  it('aggregateMany answers each query as aggregate would (seeded random ledger and queries)', () =>
    withStore(async (store) => {
      const rnd = prng(20_261_202);
      const start = Date.UTC(2025, 5, 1, 3, 0);
      const span = 2 * DAY_MS;
      const rows = randomLedger(rnd, 300, start, span);
      await insertMany(store, rows);
      for (let i = 0; i < 10; i++) {
        const qs = [randomQuery(rnd, start, span), randomQuery(rnd, start, span), randomQuery(rnd, start, span)];
        assert.deepEqual(await store.aggregateMany(qs), qs.map((q) => referenceAggregate(rows, q)), `batch ${i}`);
      }
      assert.deepEqual(await store.aggregateMany([]), []);
    }));

  it('aggregateMany reads one snapshot: two groupings of the same range agree while rows are written', () =>
    withStore(async (store) => {
      const from = T0 - HOUR_MS;
      const to = T0 + DAY_MS;
      const count = (rows: AggregateRow[]) => rows.reduce((a, r) => a + r.requests, 0);
      const charged = (rows: AggregateRow[]) => rows.reduce((a, r) => a + r.chargedCostNano, 0);
      let n = 0;
      const write = () => store.insert(ledgerRow(`w${n++}`, { ts: T0 + (n % 1_000) * 60_000, tenantId: `t${n % 3}`, upstreamId: `u${n % 2}` }));
      for (let i = 0; i < 30; i++) {
        // The read is under way (in a worker, or on a server) while these rows are written.
        const reading = store.aggregateMany([
          { from, to, groupBy: ['tenant', 'model'], bucketStarts: [from, T0, T0 + HOUR_MS] },
          { from, to, groupBy: ['tenant', 'model', 'upstream'] },
        ]);
        await Promise.all([write(), write(), write()]);
        const [byTenantModel = [], byUpstream = []] = await reading;
        assert.equal(count(byTenantModel), count(byUpstream), `round ${i}`);
        assert.equal(charged(byTenantModel), charged(byUpstream), `round ${i}`);
      }
      const [all = []] = await store.aggregateMany([{ from, to, groupBy: [] }]);
      assert.equal(count(all), 90, 'every row written is read afterwards');
    }));
}
