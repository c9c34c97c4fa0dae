// Login throttle on a ManualClock: lock after N failures, doubling locks up to the cap, per address;
// a per-username backoff that holds back only addresses that failed themselves (regression: five
// wrong passwords from anywhere used to lock the real admin out for up to an hour); in-flight
// attempts counted, success clears, memory bounded. No sleeps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import { DEFAULT_ACCOUNT_POLICY, DEFAULT_THROTTLE_POLICY, LoginThrottle, type LoginAttempt, type ThrottlePolicy } from '../../../src/tenancy/login-throttle.js';

const MIN = 60_000;

function setup(policy: Partial<ThrottlePolicy> = {}) {
  const clock = new ManualClock();
  const throttle = new LoginThrottle(clock, { ...DEFAULT_THROTTLE_POLICY, ...policy });
  /** One whole attempt: returns the refusal's wait, or undefined when it ran. */
  const attempt = (a: LoginAttempt, ok: boolean): number | undefined => {
    const v = throttle.begin(a);
    if (!v.allowed) return v.retryAfterMs;
    throttle.end(a, ok);
    return undefined;
  };
  return { clock, throttle, attempt };
}

const fromA: LoginAttempt = { address: '10.0.0.1', account: 'admin' };
const ACCOUNT_LOCK = DEFAULT_ACCOUNT_POLICY.baseLockMs;

describe('LoginThrottle', () => {
  it('allows five failures, then locks for one minute and refuses even the right password', () => {
    const { attempt } = setup();
    for (let i = 0; i < 5; i++) assert.equal(attempt(fromA, false), undefined, `attempt ${i + 1}`);
    assert.equal(attempt(fromA, false), MIN);
    assert.equal(attempt(fromA, true), MIN, 'a good login during the lock is refused');
  });

  it('reports the time left and lifts the lock when it ends', () => {
    const { clock, attempt } = setup();
    for (let i = 0; i < 5; i++) attempt(fromA, false);
    clock.advance(45_000);
    assert.equal(attempt(fromA, true), 15_000);
    clock.advance(15_000);
    assert.equal(attempt(fromA, true), undefined);
  });

  it('doubles each further lock up to the one-hour cap', () => {
    const { clock, attempt } = setup();
    const locks: number[] = [];
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 5; i++) assert.equal(attempt(fromA, false), undefined);
      const wait = attempt(fromA, false)!;
      locks.push(wait);
      clock.advance(wait);
    }
    assert.deepEqual(locks, [1, 2, 4, 8, 16, 32, 60, 60].map((m) => m * MIN));
  });

  it('a success clears the count and the lock history', () => {
    const { clock, attempt } = setup();
    for (let i = 0; i < 5; i++) attempt(fromA, false);
    clock.advance(MIN);
    assert.equal(attempt(fromA, true), undefined);
    for (let i = 0; i < 5; i++) assert.equal(attempt(fromA, false), undefined);
    assert.equal(attempt(fromA, false), MIN, 'back to the first lock length');
  });

  it('regression: failures of a username from many addresses never refuse the right password from an address that has not failed', () => {
    const { attempt } = setup();
    for (let i = 0; i < 50; i++) attempt({ address: `10.0.${i >> 3}.${i}`, account: 'admin' }, false);
    assert.equal(attempt({ address: '192.168.1.20', account: 'admin' }, true), undefined, 'the real admin from a clean address gets in');
  });

  it('the username backoff holds back addresses that failed themselves, for 30 s doubling', () => {
    const { clock, attempt } = setup();
    for (let i = 0; i < 5; i++) attempt({ address: `10.0.0.${i}`, account: 'admin' }, false);
    assert.equal(attempt({ address: '10.0.0.1', account: 'admin' }, true), ACCOUNT_LOCK, 'a failed address waits for the username backoff');
    assert.equal(attempt({ address: '10.0.0.1', account: 'other' }, false), undefined, 'another username from that address is not held back');
    clock.advance(ACCOUNT_LOCK);
    for (let i = 0; i < 5; i++) attempt({ address: `10.1.0.${i}`, account: 'admin' }, false);
    assert.equal(attempt({ address: '10.1.0.1', account: 'admin' }, false), 2 * ACCOUNT_LOCK);
  });

  it('a good login does not reset the username backoff for addresses that failed', () => {
    const { attempt } = setup();
    for (let i = 0; i < 5; i++) attempt({ address: `10.0.0.${i}`, account: 'admin' }, false);
    assert.equal(attempt({ address: '192.168.1.20', account: 'admin' }, true), undefined);
    assert.equal(attempt({ address: '10.0.0.3', account: 'admin' }, false), ACCOUNT_LOCK);
  });

  it('locks an address across usernames, and tenant-key attempts (no username) count for the address', () => {
    const { attempt } = setup();
    for (let i = 0; i < 3; i++) attempt({ address: '10.0.0.1', account: `guess${i}` }, false);
    for (let i = 0; i < 2; i++) attempt({ address: '10.0.0.1' }, false);
    assert.equal(attempt({ address: '10.0.0.1', account: 'admin' }, true), MIN);
    assert.equal(attempt({ address: '10.0.0.1' }, true), MIN);
    assert.equal(attempt({ address: '10.0.0.2', account: 'admin' }, true), undefined, 'another address is not locked');
  });

  it('counts attempts in flight, so parallel guesses cannot exceed the budget', () => {
    const { throttle } = setup();
    for (let i = 0; i < 5; i++) assert.equal(throttle.begin(fromA).allowed, true);
    const sixth = throttle.begin(fromA);
    assert.deepEqual(sixth, { allowed: false, retryAfterMs: DEFAULT_THROTTLE_POLICY.busyRetryMs });
    for (let i = 0; i < 5; i++) throttle.end(fromA, false);
    assert.deepEqual(throttle.begin(fromA), { allowed: false, retryAfterMs: MIN });
  });

  it('an attempt that ended in an internal error releases its slot without counting', () => {
    const { throttle, attempt } = setup();
    for (let i = 0; i < 10; i++) {
      assert.equal(throttle.begin(fromA).allowed, true);
      throttle.end(fromA, undefined);
    }
    for (let i = 0; i < 5; i++) assert.equal(attempt(fromA, false), undefined);
  });

  it('forgets a key after a quiet day, lock history included', () => {
    const { clock, throttle, attempt } = setup();
    for (let i = 0; i < 5; i++) attempt(fromA, false);
    clock.advance(DEFAULT_THROTTLE_POLICY.forgetAfterMs + MIN + 1);
    for (let i = 0; i < 5; i++) assert.equal(attempt(fromA, false), undefined);
    assert.equal(attempt(fromA, false), MIN, 'first lock length again');
    assert.ok(throttle.size() <= 2);
  });

  it('stays bounded under a flood of addresses and keeps locked keys', () => {
    const { attempt, throttle } = setup({ maxEntries: 100 });
    for (let i = 0; i < 5; i++) attempt({ address: 'locked' }, false);
    for (let i = 0; i < 1_000; i++) attempt({ address: `flood-${i}` }, false);
    assert.ok(throttle.size() <= 100, `size ${throttle.size()}`);
    assert.equal(attempt({ address: 'locked' }, true), MIN);
  });
});
