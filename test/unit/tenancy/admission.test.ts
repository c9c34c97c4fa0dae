// Admission with an injected clock: budgets by window, the overspend bound, requests per minute,
// concurrency, and what a refusal says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TenantConfig } from '../../../src/config/types.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { GatewayError } from '../../../src/domain/errors.js';
import { MemoryBudgetStore } from '../../../src/storage/memory-budget-store.js';
import { Admission } from '../../../src/tenancy/admission.js';

function tenant(limits: TenantConfig['limits'], timezone = 'UTC'): TenantConfig {
  return { id: 't', name: 't', keySha256: '00', previousKeys: [], enabled: true, allowedModels: ['*'], limits, timezone, priceMultiplier: 1 };
}

function setup(seedNano = 0) {
  const clock = new ManualClock(Date.parse('2026-03-10T10:00:00Z'));
  const ledger = { chargedSince: async () => seedNano, chargedByBucket: async () => [] };
  return { clock, admission: new Admission(new MemoryBudgetStore(ledger), clock) };
}

async function refusal(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof GatewayError);
    return err;
  }
  assert.fail('was admitted');
}

test('no limits: always admitted', async () => {
  const { admission } = setup();
  for (let i = 0; i < 100; i++) await admission.admit(tenant({}), `r${i}`, 1e12);
});

test('daily maxUSD 0 means nothing is allowed (not unlimited)', async () => {
  const { admission } = setup();
  const err = await refusal(admission.admit(tenant({ daily: { maxUsd: 0 } }), 'r', 1));
  assert.equal(err.status, 429);
  assert.equal(err.code, 'budget_exceeded');
  assert.match(err.message, /Daily budget exceeded: \$0\.0000 used of \$0\.0000; resets at 2026-03-11T00:00:00\.000Z/);
  assert.equal(err.retryAfterSec, 14 * 3600);
});

test('spend seeded from the ledger counts; the day boundary follows the tenant zone', async () => {
  const { admission } = setup(2_000_000_000);
  const t = tenant({ daily: { maxUsd: 2 } }, 'Asia/Shanghai');
  const err = await refusal(admission.admit(t, 'r1', 1));
  assert.match(err.message, /\$2\.0000 used of \$2\.0000; resets at 2026-03-10T16:00:00\.000Z/);
  assert.equal(err.retryAfterSec, 6 * 3600);
});

test('holds of requests in flight count; settling replaces a hold by the real charge', async () => {
  const { admission } = setup();
  const t = tenant({ daily: { maxUsd: 0.000010 } }); // 10,000 nano
  const a = await admission.admit(t, 'a', 6_000); // 0 + 0 < 10,000
  const b = await admission.admit(t, 'b', 6_000); // 6,000 < 10,000
  await refusal(admission.admit(t, 'c', 6_000)); // 12,000 ≥ 10,000
  await a.settle(1_000, Date.now());
  await b.settle(1_000, Date.now());
  const c = await admission.admit(t, 'c', 6_000); // settled 2,000
  await c.settle(9_000, Date.now()); // total 11,000: over by less than one request
  await refusal(admission.admit(t, 'd', 1));
  const [daily] = await admission.windowUsage(t);
  assert.equal(daily!.usedNano, 11_000);
});

test('overspend bound: many concurrent admissions against a tiny budget', async () => {
  const { admission } = setup();
  const limit = 10_000;
  const t = tenant({ daily: { maxUsd: limit / 1e9 } });
  const costs = Array.from({ length: 50 }, (_, i) => 900 + i); // real cost of each request
  const estimate = 1_000; // every hold ≥ the real cost
  const results = await Promise.allSettled(costs.map((_c, i) => admission.admit(t, `r${i}`, estimate).then(async (ticket) => ticket)));
  const admitted = results.filter((r) => r.status === 'fulfilled').length;
  assert.equal(admitted, 10); // holds 0..9 keep settled+held < 10,000
  let spent = 0;
  for (const [i, r] of results.entries()) if (r.status === 'fulfilled') {
    spent += costs[i]!;
    await r.value.settle(costs[i]!, Date.now());
  }
  assert.ok(spent <= limit + Math.max(...costs), `spent ${spent}`);
});

test('rolling 5h window frees up as spend ages out', async () => {
  const { admission, clock } = setup();
  const t = tenant({ fiveHour: { maxUsd: 0.000001 } }); // 1,000 nano
  const a = await admission.admit(t, 'a', 500);
  await a.settle(1_000, clock.now());
  const err = await refusal(admission.admit(t, 'b', 1));
  assert.match(err.message, /5-hour budget exceeded/);
  clock.advance(5 * 3_600_000 + 10 * 60_000);
  await admission.admit(t, 'b', 1);
});

test('requests per minute: exact sliding window with retry-after', async () => {
  const { admission, clock } = setup();
  const t = tenant({ requestsPerMinute: 3 });
  for (const id of ['a', 'b', 'c']) {
    await admission.admit(t, id, 0);
    clock.advance(10_000);
  }
  const err = await refusal(admission.admit(t, 'd', 0));
  assert.equal(err.code, 'rate_limited');
  assert.equal(err.retryAfterSec, 30);
  clock.advance(30_000);
  await admission.admit(t, 'd', 0);
});

test('concurrent requests: a slot frees when a request settles', async () => {
  const { admission } = setup();
  const t = tenant({ concurrentRequests: 2 });
  const a = await admission.admit(t, 'a', 0);
  await admission.admit(t, 'b', 0);
  const err = await refusal(admission.admit(t, 'c', 0));
  assert.match(err.message, /Concurrent request limit reached: 2 of 2/);
  await a.settle(0, 0);
  await a.settle(0, 0); // a second settle changes nothing
  await admission.admit(t, 'c', 0);
  await refusal(admission.admit(t, 'd', 0));
});

test('the cost of a request is estimated only for a tenant with a budget', async () => {
  const { admission } = setup();
  let asked = 0;
  const cost = () => {
    asked++;
    return { holdNano: 1, maxTokens: 10, worstCaseNano: () => 1, minUsefulTokens: 1 };
  };
  await (await admission.admit(tenant({}), 'free', cost)).settle(0, 0);
  assert.equal(asked, 0, 'no budget: no estimate');
  await (await admission.admit(tenant({ daily: { maxUsd: 10 } }), 'budgeted', cost)).settle(0, 0);
  assert.equal(asked, 1);
});
