// The hourly rollup's contract, run against every store: whatever rows are inserted, replaced or
// deleted, aggregates over whole hours (read from the rollup) equal the plain reference.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { applyRetention } from '../../../src/storage/retention.js';
import type { AggregateQuery, LedgerRow, UsageStore } from '../../../src/storage/types.js';
import { insertMany, type WithStore } from './aggregate-contract.js';
import { prng, randomLedger, randomQuery, referenceAggregate } from './aggregate-reference.js';
import { DAY_MS, HOUR_MS, ledgerRow } from './ledger-rows.js';

const START = Date.UTC(2025, 2, 14, 0, 0);
const SPAN = 2 * DAY_MS;

/** Whole-hour queries (read from the rollup alone) plus random ones, each checked against the reference. */
export async function assertMatchesLedger(store: UsageStore, rows: readonly LedgerRow[], seed: number, label: string): Promise<void> {
  const whole: AggregateQuery[] = [
    { from: START - DAY_MS, to: START + 3 * DAY_MS, groupBy: ['tenant', 'model', 'upstream'], bucketStarts: Array.from({ length: 96 }, (_, i) => START - DAY_MS + i * HOUR_MS) },
    { from: START, to: START + SPAN, groupBy: [] },
  ];
  const rnd = prng(seed);
  const queries = [...whole, ...Array.from({ length: 15 }, () => randomQuery(rnd, START, SPAN))];
  for (const [i, q] of queries.entries()) assert.deepEqual(await store.aggregate(q), referenceAggregate(rows, q), `${label}, query ${i}: ${JSON.stringify(q)}`);
}

/** The ledger after `rows` were stored in order: the last row of each request id wins. */
function upserted(rows: readonly LedgerRow[]): LedgerRow[] {
  return [...new Map(rows.map((r) => [r.requestId, r])).values()];
}

/** Registers the rollup tests (inside the caller's describe). */
export function rollupContract(withStore: WithStore): void {
  it('rollup stays exact when a request id is stored again (moved to another hour, group or latest time)', () =>
    withStore(async (store) => {
      const rnd = prng(7);
      const first = randomLedger(rnd, 200, START, SPAN);
      await insertMany(store, first);
      // Each replacement moves a row somewhere else; some take away their group's latest row.
      const again = randomLedger(rnd, 200, START, SPAN).slice(0, 80).map((r, i) => ({ ...r, requestId: first[i * 2]!.requestId }));
      for (const r of again) await store.insert(r);
      await assertMatchesLedger(store, upserted([...first, ...again]), 8, 'after replacing');
    }));

  it('rollup stays exact through deleteBefore (mid-hour and on the hour), retention and deleteAll', () =>
    withStore(async (store) => {
      let rows = randomLedger(prng(11), 300, START, SPAN);
      await insertMany(store, rows);
      for (const cutoff of [START + 5 * HOUR_MS + 1_234, START + 9 * HOUR_MS]) {
        const gone = rows.filter((r) => r.ts < cutoff).length;
        assert.equal(await store.deleteBefore(cutoff), gone);
        rows = rows.filter((r) => r.ts >= cutoff);
        await assertMatchesLedger(store, rows, cutoff, `after deleteBefore(${cutoff})`);
      }
      // A day kept, measured back from a clock in the middle of the second day.
      const now = START + DAY_MS + 13 * HOUR_MS + 77;
      await applyRetention(store, 1, { now: () => now });
      rows = rows.filter((r) => r.ts >= now - DAY_MS);
      await assertMatchesLedger(store, rows, 12, 'after retention');
      // Rows go on arriving into hours the cutoff split.
      const late = [ledgerRow('late-a', { ts: now - DAY_MS + 5 }), ledgerRow('late-b', { ts: now - DAY_MS - 5 })];
      await insertMany(store, late);
      rows = [...rows, ...late];
      await assertMatchesLedger(store, rows, 13, 'after late rows');
      assert.equal(await store.deleteAll(), rows.length);
      assert.deepEqual(await store.aggregate({ from: START - DAY_MS, to: START + 3 * DAY_MS, groupBy: ['tenant'] }), []);
      await store.insert(ledgerRow('fresh', { ts: START + HOUR_MS }));
      await assertMatchesLedger(store, [ledgerRow('fresh', { ts: START + HOUR_MS })], 14, 'after deleteAll and a new row');
    }));

  it('totals, totalsBy tenant and upstream, series and chargedSince agree with the ledger on whole and partial hours', () =>
    withStore(async (store) => {
      const rows = randomLedger(prng(21), 300, START, SPAN);
      await insertMany(store, rows);
      const q = { from: START + 90 * 60_000 + 7, to: START + SPAN - 3 };
      const inQ = rows.filter((r) => r.ts >= q.from && r.ts < q.to);
      const sum = (rs: LedgerRow[], f: (r: LedgerRow) => number): number => rs.reduce((a, r) => a + f(r), 0);
      const t = await store.totals(q);
      assert.deepEqual([t.requests, t.chargedCostNano, t.cacheReadTokens], [inQ.length, sum(inQ, (r) => r.chargedCostNano), sum(inQ, (r) => r.cacheReadTokens)]);
      const byTenant = await store.totalsBy(q, 'tenant');
      assert.deepEqual(Object.fromEntries(byTenant.map((g) => [g.key, g.requests])), Object.fromEntries(['t1', 't2', 't3', null].map((k) => [k ?? '(none)', inQ.filter((r) => r.tenantId === k).length])));
      const days = await store.series({ ...q, tenantId: 't2' }, 'day');
      const t2 = inQ.filter((r) => r.tenantId === 't2');
      assert.deepEqual(days.map((d) => [d.bucket, d.requests]), [START, START + DAY_MS].map((d) => [d, t2.filter((r) => r.ts >= d && r.ts < d + DAY_MS).length]));
      assert.equal(await store.chargedSince('t3', q.from), sum(rows.filter((r) => r.tenantId === 't3' && r.ts >= q.from), (r) => r.chargedCostNano));
    }));
}
