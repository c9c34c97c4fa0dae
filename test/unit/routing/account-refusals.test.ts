// Account-level refusals (issue 11): a spent balance or quota cools an upstream down for its
// retry-after or a long default, a probe that finds the model list answering does not lift it,
// and panic mode does not send a request there; request-specific refusals leave it alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import { HealthTracker } from '../../../src/routing/health-tracker.js';
import { createRouter } from '../../../src/routing/router.js';
import { ACCOUNT_REFUSED_COOLDOWN_MS } from '../../../src/routing/routing-defaults.js';
import { gatewayConfig, upstream } from './routing-fixtures.js';

const A = upstream('a');

function tracked() {
  const clock = new ManualClock();
  const tracker = new HealthTracker({ clock });
  tracker.sync([A, upstream('b')]);
  const remainingMs = () => {
    const c = tracker.cooldownOf('a');
    return c ? c.untilMs - clock.now() : 0;
  };
  return { clock, tracker, remainingMs };
}

describe('account-level refusals', () => {
  it('cool the upstream down for the long default, or its retry-after when it sent one', () => {
    const { clock, tracker, remainingMs } = tracked();
    tracker.record(A, { kind: 'retryable', reason: 'account_refused', status: 403, latencyMs: 1 }, clock.now());
    assert.equal(remainingMs(), ACCOUNT_REFUSED_COOLDOWN_MS);
    assert.equal(tracker.cooldownOf('a')?.reason, 'account_refused');
    clock.advance(ACCOUNT_REFUSED_COOLDOWN_MS);
    tracker.record(A, { kind: 'retryable', reason: 'account_refused', status: 429, latencyMs: 1, retryAfterMs: 3_600_000 }, clock.now());
    assert.equal(remainingMs(), 3_600_000);
  });

  it('are not lifted by a probe that finds the upstream answering', () => {
    const { clock, tracker, remainingMs } = tracked();
    tracker.record(A, { kind: 'retryable', reason: 'account_refused', status: 403, latencyMs: 1 }, clock.now());
    clock.advance(1_000);
    tracker.recordProbe(A, 'alive', clock.now());
    assert.equal(remainingMs(), ACCOUNT_REFUSED_COOLDOWN_MS - 1_000);
  });

  it('a model refusal leaves the upstream healthy and counts as a proper answer', () => {
    const { clock, tracker, remainingMs } = tracked();
    for (let i = 0; i < 20; i++) tracker.record(A, { kind: 'retryable', reason: 'model_unavailable', status: 403, latencyMs: 1 }, clock.now());
    assert.equal(remainingMs(), 0);
    assert.equal(tracker.snapshot()[0]!.errorRate, 0);
  });

  it('panic mode skips an upstream whose account was refused', () => {
    const clock = new ManualClock();
    const config = gatewayConfig([upstream('a')]);
    const router = createRouter(config, { clock });
    router.tracker.record(upstream('a'), { kind: 'retryable', reason: 'account_refused', status: 402, latencyMs: 1 }, clock.now());
    const next = router.plan({ tenantId: 't', model: 'claude-sonnet-4-6', sessionKey: undefined }).next();
    assert.ok(!('upstream' in next), 'no attempt');
  });

  it('the model list plan offers every enabled upstream, whatever models they serve', () => {
    const clock = new ManualClock();
    const config = gatewayConfig([{ ...upstream('a'), models: [{ pattern: 'claude-haiku*' }] }]);
    const plan = createRouter(config, { clock }).plan({ tenantId: 't', model: '', sessionKey: undefined, anyUpstream: true });
    const next = plan.next();
    assert.ok('upstream' in next && next.upstream.id === 'a');
  });
});
