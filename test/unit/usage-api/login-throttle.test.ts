// Login throttle on a ManualClock: lock after N failures, doubling locks up to the cap, per address
// and per username, in-flight attempts counted, success clears, memory bounded. No sleeps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import { DEFAULT_THROTTLE_POLICY, LoginThrottle, type ThrottlePolicy } from '../../../src/tenancy/login-throttle.js';

const MIN = 60_000;

function setup(policy: Partial<ThrottlePolicy> = {}) {
  const clock = new ManualClock();
  const throttle = new LoginThrottle(clock, { ...DEFAULT_THROTTLE_POLICY, ...policy });
  /** One whole attempt: returns the refusal's wait, or undefined when it ran. */
  const attempt = (keys: string[], ok: boolean): number | undefined => {
    const v = throttle.begin(keys);
    if (!v.allowed) return v.retryAfterMs;
    throttle.end(keys, ok);
    return undefined;
  };
  return { clock, throttle, attempt };
}

const fromA = ['addr:10.0.0.1', 'user:admin'];

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

  it('locks a username across client addresses', () => {
    const { attempt } = setup();
    for (let i = 0; i < 5; i++) attempt([`addr:10.0.0.${i}`, 'user:admin'], false);
    assert.equal(attempt(['addr:10.9.9.9', 'user:admin'], true), MIN);
    assert.equal(attempt(['addr:10.9.9.9', 'user:other'], false), undefined, 'another username from a fresh address is not locked');
  });

  it('locks an address across usernames', () => {
    const { attempt } = setup();
    for (let i = 0; i < 5; i++) attempt(['addr:10.0.0.1', `user:guess${i}`], false);
    assert.equal(attempt(['addr:10.0.0.1', 'user:admin'], true), MIN);
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
    for (let i = 0; i < 5; i++) attempt(['addr:locked'], false);
    for (let i = 0; i < 1_000; i++) attempt([`addr:flood-${i}`], false);
    assert.ok(throttle.size() <= 100, `size ${throttle.size()}`);
    assert.equal(attempt(['addr:locked'], true), MIN);
  });
});
