// Every strategy against the shared contract, plus what is particular to each one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strategySchema } from '../../../src/config/schema.js';
import type { Strategy } from '../../../src/config/types.js';
import { type BalancerCandidate, createBalancer } from '../../../src/routing/balancer.js';
import { createWeightedRoundRobin } from '../../../src/routing/weighted-round-robin.js';
import { runBalancerContract } from './balancer-contract.js';
import { gatewayConfig, nextAttempt, request, success, testRouter, upstream } from './routing-fixtures.js';

const EXPECTATIONS: Record<Strategy, { weighted: boolean }> = {
  round_robin: { weighted: false },
  weighted_round_robin: { weighted: true },
  random: { weighted: false },
  weighted_random: { weighted: true },
  // Idle pool: every in-flight count ties at 0, and ties are broken by weight.
  least_connections: { weighted: true },
};

for (const strategy of strategySchema.options) runBalancerContract(strategy, EXPECTATIONS[strategy]);

const named = (...spec: [string, number, number?][]): BalancerCandidate[] => spec.map(([id, weight, inFlight]) => ({ id, weight, inFlight: inFlight ?? 0 }));

describe('createBalancer', () => {
  it('knows every strategy of the config schema', () => {
    assert.deepEqual(Object.keys(EXPECTATIONS).sort(), [...strategySchema.options].sort());
    for (const s of strategySchema.options) assert.equal(typeof createBalancer(s, { random: Math.random }).pick, 'function');
  });

  it('throws on a strategy outside the union instead of guessing', () => {
    assert.throws(() => createBalancer('fastest' as Strategy, { random: Math.random }), /Unknown balancing strategy: fastest/);
  });
});

describe('weighted_round_robin', () => {
  it('gives nginx smooth sequence a a b a c a a for weights 5,1,1, and repeats it', () => {
    const balancer = createWeightedRoundRobin();
    const pool = named(['a', 5], ['b', 1], ['c', 1]);
    const picks = Array.from({ length: 14 }, () => balancer.pick(pool)?.id).join(' ');
    assert.equal(picks, 'a a b a c a a a a b a c a a');
  });

  it('keeps a drained upstream out of the sequence', () => {
    const balancer = createWeightedRoundRobin();
    const pool = named(['a', 2], ['b', 0], ['c', 1]);
    assert.equal(Array.from({ length: 6 }, () => balancer.pick(pool)?.id).join(' '), 'a c a a c a');
  });
});

describe('round_robin', () => {
  it('takes upstreams in turn, ignoring weights', () => {
    const balancer = createBalancer('round_robin', { random: Math.random });
    const pool = named(['a', 9], ['b', 1], ['c', 1]);
    assert.equal(Array.from({ length: 6 }, () => balancer.pick(pool)?.id).join(' '), 'a b c a b c');
  });
});

describe('random and weighted_random', () => {
  it('random maps the injected number onto the pool', () => {
    const values = [0, 0.5, 0.999_999, 1];
    const balancer = createBalancer('random', { random: () => values.shift() ?? 0 });
    const pool = named(['a', 1], ['b', 5], ['c', 1]);
    assert.deepEqual([0, 1, 2, 3].map(() => balancer.pick(pool)?.id), ['a', 'b', 'c', 'c']);
  });

  it('weighted_random splits [0,1) by weight', () => {
    const values = [0.24, 0.26, 0.99];
    const balancer = createBalancer('weighted_random', { random: () => values.shift() ?? 0 });
    const pool = named(['a', 1], ['b', 2], ['c', 1]);
    assert.deepEqual([0, 1, 2].map(() => balancer.pick(pool)?.id), ['a', 'b', 'c']);
  });
});

describe('least_connections', () => {
  it('picks the upstream with the fewest attempts in flight', () => {
    const balancer = createBalancer('least_connections', { random: Math.random });
    assert.equal(balancer.pick(named(['a', 10, 2], ['b', 1, 0], ['c', 1, 1]))?.id, 'b');
  });

  it('breaks ties by weight, then in turn', () => {
    const balancer = createBalancer('least_connections', { random: Math.random });
    const heavy = named(['a', 1, 0], ['b', 3, 0], ['c', 9, 4]);
    assert.equal(Array.from({ length: 4 }, () => balancer.pick(heavy)?.id).join(' '), 'b a b b');
    const equal = named(['a', 1, 1], ['b', 1, 1], ['c', 1, 1]);
    assert.equal(Array.from({ length: 3 }, () => balancer.pick(equal)?.id).join(' '), 'a b c');
  });

  it('through the router, sends the next request to the idle upstream while others are busy', () => {
    const { router } = testRouter(gatewayConfig([upstream('a'), upstream('b'), upstream('c')], { strategy: 'least_connections' }));
    const held = [0, 1].map(() => {
      const plan = router.plan(request());
      const attempt = nextAttempt(plan);
      plan.begin(attempt);
      return { plan, attempt };
    });
    const busy = held.map((h) => h.attempt.upstream.id);
    assert.equal(new Set(busy).size, 2);
    const idle = ['a', 'b', 'c'].find((id) => !busy.includes(id));
    for (let i = 0; i < 5; i++) assert.equal(nextAttempt(router.plan(request())).upstream.id, idle);
    // The first one finishes: it is idle again and the three are level once more.
    const first = held[0]!;
    first.plan.end(first.attempt, success());
    assert.equal(router.tracker.inFlight(first.attempt.upstream.id), 0);
    assert.ok([first.attempt.upstream.id, idle].includes(nextAttempt(router.plan(request())).upstream.id));
  });
});
