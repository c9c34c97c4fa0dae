// The behaviour every balancing strategy must share, run once per strategy (as hono runs one
// suite against each of its routers).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Strategy } from '../../../src/config/types.js';
import { type BalancerCandidate, createBalancer } from '../../../src/routing/balancer.js';
import { failure, gatewayConfig, nextAttempt, request, seededRandom, testRouter, upstream } from './routing-fixtures.js';

/** How a strategy shares traffic among idle upstreams. */
export interface ContractExpectations {
  /** True: share = weight / sum of weights. False: equal shares among weight > 0. */
  weighted: boolean;
}

const PICKS = 12_000;
/**
 * Allowed gap between observed and expected share, in absolute share points. For the random
 * strategies one pick's share has a standard deviation of at most 0.5/sqrt(12000) ≈ 0.0046, so
 * 0.02 is over 4σ (and the PRNG is seeded, so the result is the same on every run).
 */
const SHARE_TOLERANCE = 0.02;

const pool = (weights: number[]): BalancerCandidate[] => weights.map((weight, i) => ({ id: `u${i}`, weight, inFlight: 0 }));

function shares(strategy: Strategy, candidates: BalancerCandidate[], picks: number): Map<string, number> {
  const balancer = createBalancer(strategy, { random: seededRandom(2026) });
  const counts = new Map<string, number>();
  for (let i = 0; i < picks; i++) {
    const picked = balancer.pick(candidates);
    assert.ok(picked, 'a non-empty pool must yield a pick');
    counts.set(picked.id, (counts.get(picked.id) ?? 0) + 1);
  }
  return new Map([...counts].map(([id, n]) => [id, n / picks]));
}

/** Runs the shared suite against `strategy`. */
export function runBalancerContract(strategy: Strategy, expect: ContractExpectations): void {
  describe(`balancer contract: ${strategy}`, () => {
    it(`shares traffic ${expect.weighted ? 'by weight' : 'equally'} within ±${SHARE_TOLERANCE}`, () => {
      const weights = [5, 3, 2];
      const observed = shares(strategy, pool(weights), PICKS);
      const total = weights.reduce((a, b) => a + b, 0);
      weights.forEach((w, i) => {
        const expected = expect.weighted ? w / total : 1 / weights.length;
        const got = observed.get(`u${i}`) ?? 0;
        assert.ok(Math.abs(got - expected) <= SHARE_TOLERANCE, `u${i}: share ${got.toFixed(4)}, expected ${expected.toFixed(4)}`);
      });
    });

    it('never picks a drained (weight 0) upstream', () => {
      const observed = shares(strategy, pool([0, 1, 4]), 2_000);
      assert.equal(observed.get('u0'), undefined);
      assert.ok((observed.get('u1') ?? 0) > 0 && (observed.get('u2') ?? 0) > 0);
    });

    it('returns undefined for an empty or all-drained pool', () => {
      const balancer = createBalancer(strategy, { random: seededRandom(1) });
      assert.equal(balancer.pick([]), undefined);
      assert.equal(balancer.pick(pool([0, 0])), undefined);
    });

    it('returns the very candidate object it was given', () => {
      const balancer = createBalancer(strategy, { random: seededRandom(1) });
      const only = { id: 'solo', weight: 3, inFlight: 5, extra: 'kept' };
      assert.equal(balancer.pick([only]), only);
    });

    it('through the router, never picks a cooling upstream', () => {
      const { router } = testRouter(gatewayConfig([upstream('a'), upstream('b', { weight: 3 }), upstream('c')], { strategy }));
      const plan = router.plan(request());
      const attempt = nextAttempt(plan);
      plan.begin(attempt);
      plan.end(attempt, failure('server_error', { status: 500 }));
      const cooling = attempt.upstream.id;
      const seen = new Set<string>();
      for (let i = 0; i < 300; i++) {
        const a = nextAttempt(router.plan(request()));
        assert.notEqual(a.upstream.id, cooling);
        seen.add(a.upstream.id);
      }
      assert.equal(seen.size, 2, 'both healthy upstreams still take traffic');
    });
  });
}
