// Session affinity through the router: a conversation stays on the upstream that answered it,
// and moves when that upstream stops being fit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GatewayConfig, UpstreamConfig } from '../../../src/config/types.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { createRouter, type GatewayRouter } from '../../../src/routing/router.js';
import { failure, gatewayConfig, nextAttempt, request, runAttempt, success, testRouter, upstream } from './routing-fixtures.js';

const IDLE_TTL_MS = 600_000;
const sticky = (ups: UpstreamConfig[], sessions: Partial<GatewayConfig['routing']['sessions']> = {}) =>
  testRouter(gatewayConfig(ups, { strategy: 'round_robin', sessions: { enabled: true, idleTtlMs: IDLE_TTL_MS, maxEntries: 100, ...sessions } }));
const three = () => [upstream('a'), upstream('b'), upstream('c')];
const turn = (sessionKey: string, over: Parameters<typeof request>[0] = {}) => request({ sessionKey, ...over });

/** Runs a whole successful request for a session; returns where it went and how. */
function converse(router: GatewayRouter, sessionKey: string, over: Parameters<typeof request>[0] = {}): { id: string; via: string | undefined } {
  const plan = router.plan(turn(sessionKey, over));
  const attempt = nextAttempt(plan);
  plan.begin(attempt);
  plan.end(attempt, success());
  return { id: attempt.upstream.id, via: attempt.via };
}

describe('sticky sessions', () => {
  it('keeps a conversation on the upstream that answered it, where round-robin would move it', () => {
    const { router } = sticky(three());
    const first = converse(router, 's1');
    assert.equal(first.via, 'balancer');
    for (let i = 0; i < 6; i++) assert.deepEqual(converse(router, 's1'), { id: first.id, via: 'sticky' });
    assert.notEqual(nextAttempt(router.plan(request())).upstream.id, nextAttempt(router.plan(request())).upstream.id, 'requests without a session still rotate');
  });

  it('binds to the upstream that succeeded after a failover, not the first one tried', () => {
    const { router } = sticky(three());
    const plan = router.plan(turn('s1'));
    const failed = runAttempt(plan, failure('overloaded', { status: 529 }));
    const answered = runAttempt(plan, success());
    assert.notEqual(failed, answered);
    assert.deepEqual(converse(router, 's1'), { id: answered, via: 'sticky' });
  });

  it('does not bind on failure', () => {
    const { router } = sticky([upstream('a')]);
    runAttempt(router.plan(turn('s1')), failure('server_error'));
    assert.equal(router.sessions.size, 0);
  });

  it('scopes bindings to the tenant', () => {
    const { router } = sticky(three());
    const mine = converse(router, 'same-session', { tenantId: 't1' });
    const theirs = converse(router, 'same-session', { tenantId: 't2' });
    assert.equal(theirs.via, 'balancer', "another tenant's identical session id is a different conversation");
    assert.notEqual(theirs.id, mine.id);
    assert.equal(router.sessions.size, 2);
  });

  it('moves a conversation whose upstream is cooling down, and keeps it on the new one after recovery', () => {
    const { router, clock } = sticky(three());
    const first = converse(router, 's1').id;
    router.tracker.record(upstream(first), failure('server_error'), clock.now());
    const moved = converse(router, 's1');
    assert.notEqual(moved.id, first);
    assert.equal(moved.via, 'balancer');
    clock.advance(1_000);
    assert.equal(router.tracker.cooldownOf(first), undefined);
    assert.deepEqual(converse(router, 's1'), { id: moved.id, via: 'sticky' });
  });

  it('rebalances a conversation idle past the TTL', () => {
    const { router, clock } = sticky(three());
    converse(router, 's1');
    clock.advance(IDLE_TTL_MS + 1);
    assert.equal(converse(router, 's1').via, 'balancer');
    clock.advance(IDLE_TTL_MS);
    assert.equal(converse(router, 's1').via, 'sticky', 'exactly at the TTL it is still bound');
  });

  it('holds at most maxEntries bindings, forgetting the least recently used', () => {
    const { router } = sticky(three(), { maxEntries: 2 });
    converse(router, 's1');
    converse(router, 's2');
    converse(router, 's1');
    converse(router, 's3');
    assert.equal(router.sessions.size, 2);
    assert.equal(converse(router, 's1').via, 'sticky');
    assert.equal(converse(router, 's2').via, 'balancer');
  });

  it('moves a conversation when a reload disables its upstream or stops it serving the model', () => {
    const clock = new ManualClock();
    const first = createRouter(gatewayConfig([upstream('a'), upstream('b')]), { clock });
    const bound = converse(first, 's1').id;
    const other = bound === 'a' ? 'b' : 'a';
    const disabled = createRouter(gatewayConfig([upstream(bound, { enabled: false }), upstream(other)]), { tracker: first.tracker, sessions: first.sessions });
    assert.deepEqual(converse(disabled, 's1'), { id: other, via: 'balancer' });
    const narrowed = createRouter(gatewayConfig([upstream(bound), upstream(other, { models: [{ pattern: '*haiku*' }] })]), { tracker: first.tracker, sessions: first.sessions });
    assert.deepEqual(converse(narrowed, 's1'), { id: bound, via: 'balancer' });
  });

  it('keeps separate bindings per model within one session', () => {
    const { router } = sticky(three());
    const opus = converse(router, 's1', { model: 'claude-opus-4-8' }).id;
    const haiku = converse(router, 's1', { model: 'claude-haiku-4-5' });
    assert.equal(haiku.via, 'balancer');
    assert.deepEqual(converse(router, 's1', { model: 'claude-opus-4-8' }), { id: opus, via: 'sticky' });
  });

  it('returns a conversation from the fallback tier to the preferred tier once it recovers', () => {
    const { router, clock } = sticky([upstream('a'), upstream('z', { priority: 1 })]);
    router.tracker.record(upstream('a'), failure('server_error'), clock.now());
    assert.equal(converse(router, 's1').id, 'z');
    clock.advance(1_000);
    assert.deepEqual(converse(router, 's1'), { id: 'a', via: 'balancer' });
  });

  it('lets a drained upstream finish its conversations but take no new ones', () => {
    const clock = new ManualClock();
    const first = createRouter(gatewayConfig([upstream('a'), upstream('b')]), { clock });
    const bound = converse(first, 's1').id;
    const drained = createRouter(gatewayConfig([upstream('a', { weight: bound === 'a' ? 0 : 1 }), upstream('b', { weight: bound === 'b' ? 0 : 1 })]), {
      tracker: first.tracker,
      sessions: first.sessions,
    });
    assert.deepEqual(converse(drained, 's1'), { id: bound, via: 'sticky' });
    for (let i = 0; i < 5; i++) assert.notEqual(converse(drained, `new-${i}`).id, bound);
  });

  it('binds nothing when sessions are disabled', () => {
    const { router } = sticky(three(), { enabled: false });
    const ids = new Set([0, 1, 2].map(() => converse(router, 's1').id));
    assert.equal(ids.size, 3);
    assert.equal(router.sessions.size, 0);
  });
});
