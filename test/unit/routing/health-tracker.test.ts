// Cooldowns, backoff, retry-after, rejected keys and statistics, on a ManualClock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import { DEFAULT_HEALTH_POLICY, backoffMs, failureEffect } from '../../../src/routing/health-policy.js';
import { HealthTracker } from '../../../src/routing/health-tracker.js';
import type { UpstreamEvent } from '../../../src/routing/health-types.js';
import {
  AUTH_REJECTED_COOLDOWN_MS,
  BACKOFF_MAX_MS,
  ERROR_WINDOW_OUTCOMES,
  RATE_LIMIT_DEFAULT_COOLDOWN_MS,
  RATE_LIMIT_MAX_COOLDOWN_MS,
} from '../../../src/routing/routing-defaults.js';
import type { FailureReason, Outcome } from '../../../src/routing/types.js';
import { failure, success, upstream } from './routing-fixtures.js';

const A = upstream('a');

function tracked() {
  const clock = new ManualClock();
  const events: UpstreamEvent[] = [];
  const tracker = new HealthTracker({ clock, onEvent: (e) => events.push(e) });
  tracker.sync([A, upstream('b')]);
  /** Reports an outcome of an attempt that began just now. */
  const report = (outcome: Outcome, u = A) => tracker.record(u, outcome, clock.now());
  const remainingMs = (id = 'a') => {
    const c = tracker.cooldownOf(id);
    return c ? c.untilMs - clock.now() : 0;
  };
  return { clock, events, tracker, report, remainingMs };
}

describe('HealthTracker backoff', () => {
  it('cools down 1s, 2s, 4s … on consecutive failures', () => {
    const { clock, report, remainingMs } = tracked();
    for (const expectedMs of [1_000, 2_000, 4_000, 8_000]) {
      report(failure('server_error', { status: 502 }));
      assert.equal(remainingMs(), expectedMs);
      clock.advance(expectedMs);
      assert.equal(remainingMs(), 0, 'the cooldown ends on time');
    }
  });

  it(`caps the backoff at ${BACKOFF_MAX_MS}ms`, () => {
    const { report, remainingMs } = tracked();
    for (let i = 0; i < 40; i++) report(failure('connect_error'));
    assert.equal(remainingMs(), BACKOFF_MAX_MS);
  });

  it('starts again from 1s after a success', () => {
    const { clock, report, remainingMs, tracker } = tracked();
    for (let i = 0; i < 5; i++) report(failure('overloaded', { status: 529 }));
    clock.advance(BACKOFF_MAX_MS);
    report(success());
    assert.equal(tracker.snapshot()[0]?.consecutiveFailures, 0);
    report(failure('stream_cut'));
    assert.equal(remainingMs(), 1_000);
  });

  it('does not climb the ladder for failures of attempts begun before the last failure', () => {
    const { clock, tracker, remainingMs } = tracked();
    const startedMs = clock.now();
    clock.advance(10);
    tracker.record(A, failure('first_byte_timeout'), startedMs); // first of a burst
    for (let i = 0; i < 5; i++) tracker.record(A, failure('first_byte_timeout'), startedMs);
    assert.equal(remainingMs(), 1_000, 'six in-flight requests failing at once are one incident');
    assert.equal(tracker.snapshot()[0]?.consecutiveFailures, 6);
  });

  it('lets a success clear a cooldown only when the attempt began after the failure', () => {
    const { clock, tracker, remainingMs } = tracked();
    const longStreamStartMs = clock.now();
    clock.advance(5);
    tracker.record(A, failure('server_error'), clock.now());
    tracker.record(A, success(), longStreamStartMs);
    assert.equal(remainingMs(), 1_000, 'a stream begun before the failure proves nothing');
    tracker.record(A, success(), clock.now());
    assert.equal(remainingMs(), 0);
  });
});

describe('HealthTracker rate limits and rejected keys', () => {
  it("honours a 429's retry-after", () => {
    const { report, remainingMs, tracker } = tracked();
    report(failure('rate_limited', { status: 429, retryAfterMs: 42_500 }));
    assert.equal(remainingMs(), 42_500);
    assert.equal(tracker.cooldownOf('a')?.reason, 'rate_limited');
  });

  it(`uses ${RATE_LIMIT_DEFAULT_COOLDOWN_MS}ms when the 429 has no retry-after`, () => {
    const { report, remainingMs } = tracked();
    report(failure('rate_limited', { status: 429 }));
    assert.equal(remainingMs(), RATE_LIMIT_DEFAULT_COOLDOWN_MS);
  });

  it(`caps retry-after at ${RATE_LIMIT_MAX_COOLDOWN_MS}ms and says what was asked`, () => {
    const { report, remainingMs, events } = tracked();
    report(failure('rate_limited', { status: 429, retryAfterMs: 86_400_000 }));
    assert.equal(remainingMs(), RATE_LIMIT_MAX_COOLDOWN_MS);
    assert.deepEqual(events.at(-1), {
      type: 'cooling',
      upstreamId: 'a',
      upstreamName: 'Mirror A',
      reason: 'rate_limited',
      status: 429,
      cooldownMs: RATE_LIMIT_MAX_COOLDOWN_MS,
      requestedCooldownMs: 86_400_000,
      consecutiveFailures: 1,
    });
  });

  it('does not let repeated 429s grow a backoff', () => {
    const { report, remainingMs } = tracked();
    for (let i = 0; i < 3; i++) report(failure('rate_limited', { status: 429, retryAfterMs: 5_000 }));
    assert.equal(remainingMs(), 5_000);
  });

  it('cools a rejected key down for long and raises an event naming the upstream', () => {
    const { report, remainingMs, events } = tracked();
    report({ kind: 'fatal', reason: 'auth_rejected', status: 401, latencyMs: 3 });
    assert.equal(remainingMs(), AUTH_REJECTED_COOLDOWN_MS);
    assert.deepEqual(events, [{ type: 'auth_rejected', upstreamId: 'a', upstreamName: 'Mirror A', status: 401, cooldownMs: AUTH_REJECTED_COOLDOWN_MS }]);
  });

  it('leaves the upstream alone for client errors and client aborts', () => {
    const { report, remainingMs, tracker, events } = tracked();
    report({ kind: 'fatal', reason: 'client_error', status: 400, latencyMs: 2 });
    report({ kind: 'fatal', reason: 'client_aborted', latencyMs: 2 });
    assert.equal(remainingMs(), 0);
    assert.equal(events.length, 0);
    const s = tracker.snapshot()[0]!;
    assert.equal(s.errorRate, 0, 'a 400 is a correct answer from the upstream');
    assert.equal(s.errorWindowOutcomes, 1, 'an abort is no outcome of the upstream at all');
  });
});

describe('HealthTracker statistics and snapshot', () => {
  it('reports state, reason, in-flight, error rate, latency and last error without secrets', () => {
    const { clock, tracker, report } = tracked();
    report(success(100));
    report(success(200));
    const ticket = tracker.begin('a');
    clock.advance(1);
    report(failure('server_error', { status: 503 }));
    const s = tracker.snapshot()[0]!;
    assert.equal(s.state, 'cooling');
    assert.equal(s.cooldownReason, 'server_error');
    assert.equal(s.cooldownRemainingMs, 1_000);
    assert.equal(s.coolingUntilMs, clock.now() + 1_000);
    assert.equal(s.inFlight, 1);
    assert.equal(s.consecutiveFailures, 1);
    assert.equal(s.errorRate, 1 / 3);
    assert.equal(s.latencyEwmaMs, 120, 'EWMA 0.2·200 + 0.8·100');
    assert.deepEqual(s.lastError, { reason: 'server_error', status: 503, atMs: clock.now() });
    assert.equal(s.attemptsTotal, 3);
    assert.equal(s.failuresTotal, 1);
    const json = JSON.stringify(tracker.snapshot());
    assert.ok(!json.includes('sk-secret') && !json.includes('example'), 'no key, no URL');
    ticket.release();
    assert.equal(tracker.snapshot()[0]?.inFlight, 0);
  });

  it(`computes the error rate over the last ${ERROR_WINDOW_OUTCOMES} outcomes only`, () => {
    const { report, tracker, clock } = tracked();
    for (let i = 0; i < 50; i++) report(failure('server_error'));
    clock.advance(BACKOFF_MAX_MS);
    for (let i = 0; i < 50; i++) report(success());
    assert.equal(tracker.snapshot()[0]?.errorRate, 0.5);
    for (let i = 0; i < 50; i++) report(success());
    assert.equal(tracker.snapshot()[0]?.errorRate, 0);
    assert.equal(tracker.snapshot()[0]?.errorWindowOutcomes, ERROR_WINDOW_OUTCOMES);
  });

  it('shows a disabled upstream as disabled', () => {
    const { tracker } = tracked();
    tracker.sync([upstream('a', { enabled: false })]);
    assert.equal(tracker.snapshot()[0]?.state, 'disabled');
  });

  it('emits recovered when a success ends a cooldown', () => {
    const { clock, report, events } = tracked();
    report(failure('connect_timeout'));
    clock.advance(1_000);
    report(success());
    assert.deepEqual(events.at(-1), { type: 'recovered', upstreamId: 'a', upstreamName: 'Mirror A', via: 'success' });
  });

  it('keeps routing when the event listener throws', () => {
    const clock = new ManualClock();
    const tracker = new HealthTracker({ clock, onEvent: () => { throw new Error('logger down'); } });
    tracker.sync([A]);
    assert.doesNotThrow(() => tracker.record(A, failure('server_error'), clock.now()));
    assert.ok(tracker.cooldownOf('a'));
  });
});

describe('HealthTracker in-flight and reload', () => {
  it('never counts below zero, however often a ticket is released', () => {
    const { tracker } = tracked();
    const t1 = tracker.begin('a');
    const t2 = tracker.begin('a');
    t1.release();
    t1.release();
    t1.release();
    assert.equal(tracker.inFlight('a'), 1);
    t2.release();
    assert.equal(tracker.inFlight('a'), 0);
    tracker.begin('unknown').release();
    assert.equal(tracker.inFlight('unknown'), 0);
  });

  it('keeps cooldowns and in-flight counts across sync with the same endpoints', () => {
    const { tracker, report } = tracked();
    report(failure('server_error'));
    const ticket = tracker.begin('a');
    tracker.sync([upstream('a', { weight: 7, name: 'Renamed' }), upstream('c')]);
    assert.ok(tracker.cooldownOf('a'));
    assert.equal(tracker.inFlight('a'), 1);
    assert.deepEqual(tracker.snapshot().map((s) => [s.id, s.name, s.weight]), [['a', 'Renamed', 7], ['c', 'Mirror C', 1]]);
    ticket.release();
    assert.equal(tracker.inFlight('a'), 0);
  });

  it('starts over when an upstream id gets a new key, and ignores reports about the old one', () => {
    const { tracker, report, clock } = tracked();
    report({ kind: 'fatal', reason: 'auth_rejected', status: 401, latencyMs: 1 });
    const fixed = upstream('a', { key: 'sk-new' });
    tracker.sync([fixed]);
    assert.equal(tracker.cooldownOf('a'), undefined, 'a fixed key must not wait out the old cooldown');
    tracker.record(A, failure('server_error'), clock.now());
    assert.equal(tracker.cooldownOf('a'), undefined, 'an attempt with the old key says nothing about the new one');
  });

  it('forgets removed upstreams, and a ticket taken before stays harmless', () => {
    const { tracker } = tracked();
    const ticket = tracker.begin('b');
    tracker.sync([A]);
    assert.deepEqual(tracker.snapshot().map((s) => s.id), ['a']);
    tracker.sync([A, upstream('b')]);
    ticket.release();
    assert.equal(tracker.inFlight('b'), 0);
    tracker.begin('b');
    assert.equal(tracker.inFlight('b'), 1);
  });
});

describe('health policy', () => {
  it('maps every failure reason to its effect', () => {
    const expected: Record<FailureReason, string> = {
      connect_error: 'backoff',
      connect_timeout: 'backoff',
      first_byte_timeout: 'backoff',
      idle_timeout: 'backoff',
      total_timeout: 'backoff',
      stream_cut: 'backoff',
      overloaded: 'backoff',
      server_error: 'backoff',
      rate_limited: 'rate_limit',
      auth_rejected: 'auth',
      account_refused: 'account',
      invalid_response: 'backoff',
      response_too_large: 'backoff',
      model_unavailable: 'none',
      client_error: 'none',
      client_aborted: 'none',
    };
    for (const [reason, effect] of Object.entries(expected)) assert.equal(failureEffect(reason as FailureReason), effect, reason);
  });

  it('doubles from the base and stops at the cap without overflowing', () => {
    assert.deepEqual([1, 2, 3, 9].map((n) => backoffMs(n, DEFAULT_HEALTH_POLICY)), [1_000, 2_000, 4_000, 256_000]);
    assert.equal(backoffMs(10, DEFAULT_HEALTH_POLICY), BACKOFF_MAX_MS);
    assert.equal(backoffMs(10_000, DEFAULT_HEALTH_POLICY), BACKOFF_MAX_MS);
  });
});
