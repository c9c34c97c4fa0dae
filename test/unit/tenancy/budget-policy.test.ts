// Budget policies (issue 11, defect 4) with an injected clock: `strict` refuses a request whose
// worst case does not fit, `clamp` lowers max_tokens to what the room left pays for (and refuses
// below a useful answer), `soft` admits while spend is under the limit; and how a clamped body
// keeps a thinking budget valid.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { worstCaseCostNano } from '../../../src/accounting/estimate-cost.js';
import { createPricer } from '../../../src/accounting/pricer.js';
import type { BudgetPolicy, TenantConfig } from '../../../src/config/types.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { GatewayError } from '../../../src/domain/errors.js';
import { clampMaxTokens, minUsefulOutputTokens } from '../../../src/protocol/clamp-max-tokens.js';
import { MemoryBudgetStore } from '../../../src/storage/memory-budget-store.js';
import { Admission, type RequestCost } from '../../../src/tenancy/admission.js';

function tenant(budgetPolicy: BudgetPolicy, maxUsd = 0.000_1): TenantConfig {
  return { id: 't', name: 't', keySha256: '00', previousKeys: [], enabled: true, allowedModels: ['*'], limits: { daily: { maxUsd } }, timezone: 'UTC', priceMultiplier: 1, budgetPolicy };
}

/** 1,000 nano of input plus 10 nano per output token; a 100,000-nano (1e-4 USD) budget. */
function cost(maxTokens: number, minUsefulTokens = 1_024): RequestCost {
  return { holdNano: 1_000 + 20 * maxTokens, maxTokens, worstCaseNano: (out) => 1_000 + 10 * out, minUsefulTokens: Math.min(maxTokens, minUsefulTokens) };
}

function setup() {
  const clock = new ManualClock(Date.parse('2026-03-10T10:00:00Z'));
  return new Admission(new MemoryBudgetStore({ chargedSince: async () => 0, chargedByBucket: async () => [] }), clock);
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

describe('budget policies', () => {
  it('strict: refuses a worst case past the limit, naming it; admits one that fits', async () => {
    const admission = setup();
    const err = await refusal(admission.admit(tenant('strict'), 'a', cost(64_000)));
    assert.equal(err.code, 'budget_exceeded');
    assert.match(err.message, /^Daily budget: this request may cost up to \$0\.0006 \(max_tokens 64000\) but \$0\.0001 of \$0\.0001 is left; lower max_tokens or wait; resets at 2026-03-11T00:00:00\.000Z$/);
    assert.equal(err.retryAfterSec, 14 * 3600);
    const ok = await admission.admit(tenant('strict'), 'b', cost(9_000)); // 91,000 ≤ 100,000
    assert.equal(ok.clampedMaxTokens, undefined);
  });

  it('strict: holds of requests in flight leave less room, so together they never pass the limit', async () => {
    const admission = setup();
    await admission.admit(tenant('strict'), 'a', cost(5_000)); // holds 51,000
    await refusal(admission.admit(tenant('strict'), 'b', cost(5_000))); // 102,000 > 100,000
  });

  it('clamp: lowers max_tokens to the most the room pays for', async () => {
    const admission = setup();
    const t = await admission.admit(tenant('clamp'), 'a', cost(64_000));
    assert.equal(t.clampedMaxTokens, 9_900); // (100,000 − 1,000) / 10
    // Its hold took all the room: the window is used up for the next request.
    const err = await refusal(admission.admit(tenant('clamp'), 'b', cost(64_000)));
    assert.match(err.message, /^Daily budget exceeded: \$0\.0001 used of \$0\.0001/);
  });

  it('clamp: a request that fits is not touched; a small one is not refused for the useful minimum', async () => {
    const admission = setup();
    assert.equal((await admission.admit(tenant('clamp'), 'a', cost(100))).clampedMaxTokens, undefined);
  });

  it('clamp: refuses when the room pays for fewer than the useful minimum', async () => {
    const admission = setup();
    const err = await refusal(admission.admit(tenant('clamp', 0.000_01), 'a', cost(64_000))); // 10,000 nano: 900 tokens
    assert.match(err.message, /not enough for a useful answer \(1024 output tokens\)/);
  });

  it('soft: today’s rule — admitted while spend is below the limit, whatever the request', async () => {
    const admission = setup();
    const t = await admission.admit(tenant('soft'), 'a', cost(64_000));
    assert.equal(t.clampedMaxTokens, undefined);
    await t.settle(99_999, Date.now());
    await admission.admit(tenant('soft'), 'b', cost(64_000)); // 99,999 < 100,000
  });

  it('a used-up window is "exceeded" under every policy', async () => {
    for (const policy of ['strict', 'clamp', 'soft'] as const) {
      const err = await refusal(setup().admit(tenant(policy, 0), 'a', cost(10)));
      assert.match(err.message, /^Daily budget exceeded: \$0\.0000 used of \$0\.0000/);
    }
  });
});

describe('worst case and clamped bodies', () => {
  it('prices input as 5-minute cache writes and max_tokens as output (Sonnet: $3.75 and $15 per million)', () => {
    const price = createPricer({}).current;
    assert.equal(worstCaseCostNano(price, 'claude-sonnet-4-6', 1_000_000, 0, undefined, 1), 3_750_000_000);
    assert.equal(worstCaseCostNano(price, 'claude-sonnet-4-6', 0, 64_000, undefined, 1), 960_000_000);
    assert.equal(worstCaseCostNano(price, 'claude-sonnet-4-6', 0, 64_000, undefined, 2), 1_920_000_000);
  });

  it('a thinking budget that no longer fits is lowered, keeping room for the answer', () => {
    const body = { model: 'm', max_tokens: 64_000, thinking: { type: 'enabled', budget_tokens: 32_000 }, messages: [] };
    assert.equal(minUsefulOutputTokens(body, 1_024), 2_048);
    assert.deepEqual(clampMaxTokens(body, 5_000, 1_024), { ...body, max_tokens: 5_000, thinking: { type: 'enabled', budget_tokens: 3_976 } });
    assert.deepEqual(clampMaxTokens(body, 40_000, 1_024), { ...body, max_tokens: 40_000 }, 'a budget that still fits is kept');
    assert.deepEqual(clampMaxTokens({ ...body, thinking: { type: 'adaptive' } }, 5_000, 1_024), { ...body, thinking: { type: 'adaptive' }, max_tokens: 5_000 });
  });
});
