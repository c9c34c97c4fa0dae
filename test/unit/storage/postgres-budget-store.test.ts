// The PostgreSQL budget store (one statement per hold, settle and used) against the in-memory one,
// which is the reference: the same seeded sequence of holds, ledger rows, settles and reads over
// three simulated days must give the same answers from both, refusals included (window, used,
// room, reset time). Plus what only the shared store has: many concurrent holds from two pools
// (two instances) never pass the limit.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { budgetWindows, type UsdLimits } from '../../../src/domain/budget-windows.js';
import type { BudgetStore, HoldMode } from '../../../src/storage/budget-types.js';
import { MemoryBudgetStore } from '../../../src/storage/memory-budget-store.js';
import { openPostgresBudgetStore } from '../../../src/storage/postgres/postgres-budget-store.js';
import { openPostgresStore } from '../../../src/storage/postgres/postgres-store.js';
import type { UsageStore } from '../../../src/storage/types.js';
import { type FreshSchema, POSTGRES_SKIP, freshSchema, postgresTestUrl } from '../../support/postgres.js';
import { prng } from '../../support/prng.js';
import { ledgerRow } from './ledger-rows.js';

const baseUrl = await postgresTestUrl();
const skip = baseUrl ? false : POSTGRES_SKIP;
const opened: Array<{ close(): Promise<void> }> = [];
const schemas: FreshSchema[] = [];

after(async () => {
  for (const s of opened.reverse()) await s.close();
  for (const s of schemas) await s.drop();
});

async function stores(): Promise<{ url: string; ledger: UsageStore; pgBudget: BudgetStore; memory: BudgetStore }> {
  const schema = await freshSchema(baseUrl!);
  schemas.push(schema);
  const ledger = openPostgresStore(schema.url);
  opened.push(ledger);
  await ledger.migrate();
  const pgBudget = await openPostgresBudgetStore(schema.url);
  opened.push(pgBudget);
  return { url: schema.url, ledger, pgBudget, memory: new MemoryBudgetStore(ledger) };
}

const MINUTE = 60_000;
/** A Sunday evening in UTC, so the run crosses a day, a week and (with Nov 30) a month boundary. */
const START = Date.UTC(2025, 10, 30, 20, 0);
const LIMITS: UsdLimits = { daily: { maxUsd: 0.5 }, weekly: { maxUsd: 1.2 }, monthly: { maxUsd: 3 }, fiveHour: { maxUsd: 0.3 } };

describe('PostgreSQL budget store', () => {
  it('answers every hold, settle and read exactly as the in-memory store over three simulated days', { skip }, async () => {
    const { ledger, pgBudget, memory } = await stores();
    const random = prng(13);
    let now = START;
    const open: Array<{ id: string; tenant: string; amount: number }> = [];
    // Answers seen, e.g. `fit refused (room left) 5h`: the sequence must reach each kind of answer.
    const seen = new Map<string, number>();
    for (let step = 0; step < 400; step++) {
      now += Math.floor(random() * 15 * MINUTE);
      const tenant = random() < 0.7 ? 'acme' : 'beta';
      const windows = budgetWindows(LIMITS, 'UTC', now);
      const r = random();
      if (r < 0.5 || open.length === 0) {
        const id = `req-${step}`;
        const amount = Math.floor(random() * 80_000_000);
        const mode: HoldMode = random() < 0.5 ? 'fit' : 'below';
        const [a, b] = [await memory.hold(tenant, windows, id, amount, now, 10 * MINUTE, mode), await pgBudget.hold(tenant, windows, id, amount, now, 10 * MINUTE, mode)];
        assert.deepEqual(b, a, `hold ${id} (${mode}, ${amount}) at step ${step}`);
        const answer = a ? `${mode} refused (${a.usedNano < a.window.limitNano ? 'room left' : 'used up'}) ${a.window.kind}` : `${mode} held`;
        seen.set(answer, (seen.get(answer) ?? 0) + 1);
        if (!a) open.push({ id, tenant, amount });
      } else if (r < 0.9) {
        // The request ends: its ledger row first (the order of the gateway), then the settle.
        const { id, tenant: t, amount } = open.splice(Math.floor(random() * open.length), 1)[0]!;
        // Mostly under the hold (an estimate of the worst case), sometimes over it.
        const charged = Math.floor(random() * 1.1 * amount);
        await ledger.insert(ledgerRow(id, { tenantId: t, ts: now, chargedCostNano: charged }));
        await memory.settle(t, id, charged, now);
        await pgBudget.settle(t, id, charged, now);
      } else {
        assert.deepEqual(await pgBudget.used(tenant, windows, now), await memory.used(tenant, windows, now), `used at step ${step}`);
      }
    }
    for (const answer of ['fit held', 'below held', 'fit refused (room left) daily', 'fit refused (room left) 5h', 'fit refused (room left) weekly', 'below refused (used up) daily', 'below refused (used up) weekly']) {
      assert.ok((seen.get(answer) ?? 0) >= 2, `the sequence reached "${answer}" only ${seen.get(answer) ?? 0} times: ${JSON.stringify([...seen])}`);
    }
  });

  it('never lets concurrent holds from several pools pass the limit under fit', { skip }, async () => {
    const { url, pgBudget } = await stores();
    const second = await openPostgresBudgetStore(url);
    opened.push(second);
    const windows = budgetWindows({ daily: { maxUsd: 1 } }, 'UTC', START);
    const amount = 30_000_000; // 0.03 USD: 33 fit under 1 USD
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? second : pgBudget).hold('acme', windows, `c-${i}`, amount, START, 10 * MINUTE, 'fit')));
    assert.equal(results.filter((x) => x === undefined).length, 33);
    const [used] = await pgBudget.used('acme', windows, START);
    assert.equal(used, 33 * amount);
  });
});
