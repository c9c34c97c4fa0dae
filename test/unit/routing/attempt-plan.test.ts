// One request's attempts: candidates, priority tiers, failover limits, panic mode and the error
// that says when to come back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import { createRouter } from '../../../src/routing/router.js';
import { AUTH_REJECTED_COOLDOWN_MS } from '../../../src/routing/routing-defaults.js';
import { failure, gatewayConfig, nextAttempt, nextError, request, runAttempt, success, testRouter, upstream } from './routing-fixtures.js';

const BAD_GATEWAY = failure('server_error', { status: 502 });

describe('candidates', () => {
  it('refuses when nothing is configured', () => {
    const err = nextError(testRouter(gatewayConfig([])).router.plan(request()));
    assert.equal(err.code, 'no_upstream');
    assert.equal(err.status, 503);
    assert.equal(err.message, 'No upstream is configured: add one to config/upstreams.json');
  });

  it('refuses when no enabled upstream serves the model', () => {
    const ups = [upstream('a', { models: [{ pattern: '*haiku*' }] }), upstream('b', { enabled: false })];
    const err = nextError(testRouter(gatewayConfig(ups)).router.plan(request({ model: 'claude-opus-4-8' })));
    assert.equal(err.code, 'no_upstream');
    assert.equal(err.message, 'No enabled upstream serves model claude-opus-4-8');
  });

  it('sends the model name the upstream expects', () => {
    const ups = [upstream('a', { models: [{ pattern: 'claude-opus-*', rename: 'opus-latest' }, { pattern: '*' }] })];
    const { router } = testRouter(gatewayConfig(ups));
    assert.equal(nextAttempt(router.plan(request({ model: 'claude-opus-4-8' }))).upstreamModel, 'opus-latest');
    assert.equal(nextAttempt(router.plan(request({ model: 'claude-haiku-4-5' }))).upstreamModel, 'claude-haiku-4-5');
  });

  it('refuses when every upstream serving the model is drained', () => {
    const err = nextError(testRouter(gatewayConfig([upstream('a', { weight: 0 })])).router.plan(request({ model: 'm' })));
    assert.equal(err.code, 'no_upstream');
    assert.equal(err.message, 'Every enabled upstream serving model m is drained (weight 0)');
  });
});

describe('failover', () => {
  it('never hands out the same upstream twice in one request', () => {
    const { router } = testRouter(gatewayConfig([upstream('a'), upstream('b'), upstream('c')], { maxAttempts: 10 }));
    const plan = router.plan(request());
    const ids = [0, 1, 2].map(() => runAttempt(plan, failure('connect_error')));
    assert.deepEqual([...ids].sort(), ['a', 'b', 'c']);
    assert.equal(nextError(plan).code, 'upstreams_unavailable');
  });

  it('stops after maxAttempts, with a short retry-after while untried upstreams are healthy', () => {
    const ups = ['a', 'b', 'c', 'd', 'e'].map((id) => upstream(id));
    const { router } = testRouter(gatewayConfig(ups, { maxAttempts: 2 }));
    const plan = router.plan(request());
    runAttempt(plan, BAD_GATEWAY);
    runAttempt(plan, BAD_GATEWAY);
    const err = nextError(plan);
    assert.equal(err.code, 'upstreams_unavailable');
    assert.equal(err.status, 503);
    assert.equal(err.retryAfterSec, 1);
    assert.match(err.message, /2 attempt\(s\) failed/);
  });

  it('makes a single attempt when failover is disabled', () => {
    const { router } = testRouter(gatewayConfig([upstream('a'), upstream('b')], { failoverEnabled: false, maxAttempts: 5 }));
    const plan = router.plan(request());
    runAttempt(plan, BAD_GATEWAY);
    assert.equal(nextError(plan).code, 'upstreams_unavailable');
  });

  it('stops failing over once the deadline has passed', () => {
    const { router, clock } = testRouter(gatewayConfig([upstream('a'), upstream('b'), upstream('c')], { failoverDeadlineMs: 5_000 }));
    const plan = router.plan(request());
    clock.advance(4_999);
    runAttempt(plan, BAD_GATEWAY);
    nextAttempt(plan);
    clock.advance(1);
    const err = nextError(plan);
    assert.match(err.message, /failover deadline of 5000ms passed after 2 attempt\(s\)/);
  });

  it('keeps in-flight counts exact, even for a repeated end or an end after a reload', () => {
    const clock = new ManualClock();
    const config = gatewayConfig([upstream('a')]);
    const first = createRouter(config, { clock });
    const plan = first.plan(request());
    const attempt = nextAttempt(plan);
    plan.begin(attempt);
    plan.begin(attempt);
    assert.equal(first.tracker.inFlight('a'), 1, 'a second begin of one attempt is not a second request');
    const reloaded = createRouter(gatewayConfig([upstream('b')]), { tracker: first.tracker, sessions: first.sessions });
    createRouter(config, { tracker: reloaded.tracker, sessions: reloaded.sessions }); // 'a' is back
    const other = first.plan(request());
    const otherAttempt = nextAttempt(other);
    other.begin(otherAttempt);
    assert.equal(first.tracker.inFlight('a'), 1);
    plan.end(attempt, success());
    plan.end(attempt, success());
    assert.equal(first.tracker.inFlight('a'), 1, "the old attempt's end does not touch the new one's count");
    other.end(otherAttempt, success());
    assert.equal(first.tracker.inFlight('a'), 0);
  });
});

describe('priority tiers', () => {
  const tiered = () => testRouter(gatewayConfig([upstream('a'), upstream('b'), upstream('c', { priority: 1 })], { maxAttempts: 5 }));

  it('uses only the preferred tier while any of it is usable', () => {
    const { router } = tiered();
    for (let i = 0; i < 50; i++) assert.notEqual(nextAttempt(router.plan(request())).upstream.id, 'c');
  });

  it('falls to the next tier when the better one is cooling or already tried', () => {
    const { router } = tiered();
    const plan = router.plan(request());
    const order = [runAttempt(plan, BAD_GATEWAY), runAttempt(plan, BAD_GATEWAY), runAttempt(plan, success())];
    assert.deepEqual([order[0], order[1]].sort(), ['a', 'b']);
    assert.equal(order[2], 'c');
    assert.equal(nextAttempt(router.plan(request())).upstream.id, 'c', 'the next request goes to the fallback straight away');
  });

  it('returns to the preferred tier once it recovers', () => {
    const { router, clock } = tiered();
    const plan = router.plan(request());
    runAttempt(plan, BAD_GATEWAY);
    runAttempt(plan, BAD_GATEWAY);
    clock.advance(1_000);
    assert.notEqual(nextAttempt(router.plan(request())).upstream.id, 'c');
  });
});

describe('panic mode and the unavailable error', () => {
  it('when everything is cooling, tries the one that recovers soonest, once', () => {
    const { router } = testRouter(gatewayConfig([upstream('a'), upstream('b'), upstream('c')], { maxAttempts: 5 }));
    const cool = (id: string, retryAfterMs: number) => router.tracker.record(upstream(id), failure('rate_limited', { status: 429, retryAfterMs }), 0);
    cool('a', 9_000);
    cool('b', 4_000);
    cool('c', 6_000);
    const plan = router.plan(request());
    const attempt = nextAttempt(plan);
    assert.equal(attempt.upstream.id, 'b');
    assert.equal(attempt.via, 'panic');
    plan.begin(attempt);
    plan.end(attempt, failure('rate_limited', { status: 429, retryAfterMs: 8_000 }));
    const err = nextError(plan);
    assert.equal(err.code, 'upstreams_unavailable');
    assert.equal(err.status, 429, 'every candidate is only rate limited');
    assert.equal(err.retryAfterSec, 6, 'c recovers first now');
    assert.match(err.message, /the last-resort attempt failed too/);
  });

  it('answers 503 with the soonest recovery when causes are mixed', () => {
    const { router, clock } = testRouter(gatewayConfig([upstream('a'), upstream('b')]));
    router.tracker.record(upstream('a'), failure('rate_limited', { status: 429, retryAfterMs: 42_300 }), 0);
    router.tracker.record(upstream('b'), { kind: 'fatal', reason: 'auth_rejected', status: 401, latencyMs: 1 }, 0);
    clock.advance(300);
    const plan = router.plan(request());
    assert.equal(runAttempt(plan, BAD_GATEWAY), 'a', 'panic skips the rejected key');
    clock.advance(100);
    const err = nextError(plan);
    assert.equal(err.status, 503);
    assert.equal(err.retryAfterSec, 1, 'a backs off 1s; never less than 1');
  });

  it('does not panic onto a rejected key: refuses with its recovery time', () => {
    const { router } = testRouter(gatewayConfig([upstream('a')]));
    router.tracker.record(upstream('a'), { kind: 'fatal', reason: 'auth_rejected', status: 403, latencyMs: 1 }, 0);
    const err = nextError(router.plan(request()));
    assert.equal(err.status, 503);
    assert.equal(err.retryAfterSec, AUTH_REJECTED_COOLDOWN_MS / 1000);
    assert.match(err.message, /no upstream is usable; every upstream serving it is cooling down/);
  });

  it('rounds the retry-after up to whole seconds', () => {
    const { router } = testRouter(gatewayConfig([upstream('a'), upstream('b')], { failoverEnabled: false }));
    router.tracker.record(upstream('a'), failure('rate_limited', { status: 429, retryAfterMs: 42_300 }), 0);
    router.tracker.record(upstream('b'), failure('rate_limited', { status: 429, retryAfterMs: 90_000 }), 0);
    const plan = router.plan(request());
    runAttempt(plan, failure('rate_limited', { status: 429, retryAfterMs: 50_000 }));
    const err = nextError(plan);
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterSec, 50);
  });
});

describe('a reload keeps health', () => {
  it('carries cooldowns into the next router when the tracker is passed on', () => {
    const clock = new ManualClock();
    const first = createRouter(gatewayConfig([upstream('a'), upstream('b')]), { clock });
    first.tracker.record(upstream('a'), BAD_GATEWAY, clock.now());
    const second = createRouter(gatewayConfig([upstream('a'), upstream('b')], { strategy: 'random' }), { tracker: first.tracker, sessions: first.sessions });
    assert.equal(second.tracker, first.tracker);
    for (let i = 0; i < 20; i++) assert.equal(nextAttempt(second.plan(request())).upstream.id, 'b');
  });
});
