// Admin login throttling: after a few failures a key (client address, or username across all
// clients) is locked, each new lock twice as long as the last up to a cap. Attempts in flight are
// counted up front, so parallel guesses cannot outrun the failure count. Pure: time comes in.
import type { Clock } from '../domain/clock.js';

/** How failures turn into lockouts. */
export interface ThrottlePolicy {
  /** Failures allowed before a lock. */
  maxFailures: number;
  /** First lock; each further lock doubles it. */
  baseLockMs: number;
  maxLockMs: number;
  /** A key with no failure for this long (and not locked) is forgotten, lock count included. */
  forgetAfterMs: number;
  /** Bound on remembered keys (addresses come from the network). */
  maxEntries: number;
  /** Retry-after when only the in-flight attempts fill the budget. */
  busyRetryMs: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  baseLockMs: 60_000,
  maxLockMs: 3_600_000,
  forgetAfterMs: 24 * 3_600_000,
  maxEntries: 10_000,
  busyRetryMs: 1_000,
};

interface Entry {
  failures: number;
  pending: number;
  locks: number;
  lockedUntil: number;
  lastAt: number;
}

/** Whether an attempt may go ahead; when refused, how long to wait. */
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Failure counts and locks per key. */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
  ) {}

  /** Reserves an attempt for every key, or refuses when any key is locked or its budget is in flight. */
  begin(keys: readonly string[]): ThrottleVerdict {
    const now = this.clock.now();
    let wait = 0;
    for (const key of keys) {
      const e = this.entries.get(key);
      if (!e) continue;
      if (e.lockedUntil > now) wait = Math.max(wait, e.lockedUntil - now);
      else if (e.failures + e.pending >= this.policy.maxFailures) wait = Math.max(wait, this.policy.busyRetryMs);
    }
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    for (const key of keys) this.entry(key, now).pending++;
    return { allowed: true };
  }

  /** Ends a reserved attempt: `true` clears the keys, `false` counts a failure, `undefined` just releases it. */
  end(keys: readonly string[], succeeded: boolean | undefined): void {
    const now = this.clock.now();
    for (const key of keys) {
      const e = this.entry(key, now);
      e.pending = Math.max(0, e.pending - 1);
      if (succeeded === true) {
        if (e.pending === 0) this.entries.delete(key);
        else Object.assign(e, { failures: 0, locks: 0, lockedUntil: 0 });
      } else if (succeeded === false) {
        this.fail(e, now);
      }
    }
  }

  /** Keys remembered now (for tests and metrics). */
  size(): number {
    return this.entries.size;
  }

  private fail(e: Entry, now: number): void {
    e.failures++;
    e.lastAt = now;
    if (e.failures < this.policy.maxFailures) return;
    const lockMs = Math.min(this.policy.baseLockMs * 2 ** e.locks, this.policy.maxLockMs);
    e.lockedUntil = now + lockMs;
    e.locks++;
    e.failures = 0;
  }

  private entry(key: string, now: number): Entry {
    let e = this.entries.get(key);
    if (e && e.pending === 0 && e.lockedUntil <= now && now - e.lastAt > this.policy.forgetAfterMs) {
      this.entries.delete(key);
      e = undefined;
    }
    if (!e) {
      if (this.entries.size >= this.policy.maxEntries) this.prune(now);
      e = { failures: 0, pending: 0, locks: 0, lockedUntil: 0, lastAt: now };
      this.entries.set(key, e);
    }
    return e;
  }

  /**
   * Makes room: forgets stale keys first, then the oldest unlocked ones. Locked keys are kept, so
   * flooding the table with new addresses cannot lift a lock.
   */
  private prune(now: number): void {
    const target = Math.floor(this.policy.maxEntries * 0.9);
    for (const pass of ['stale', 'unlocked'] as const) {
      for (const [key, e] of this.entries) {
        if (this.entries.size <= target) return;
        if (e.pending > 0 || e.lockedUntil > now) continue;
        if (pass === 'unlocked' || now - e.lastAt > this.policy.forgetAfterMs) this.entries.delete(key);
      }
    }
  }
}
