// Login throttling in two tiers. Per client address: after a few failures the address is locked,
// each new lock twice as long as the last up to a cap (admin passwords and tenant keys share it).
// Per account (the admin username): failures from any address start a backoff that only holds
// back addresses which have failed themselves, so a guesser elsewhere can never lock the real
// admin out: a correct password from an address that has not failed is always checked. Attempts
// in flight are counted up front, so parallel guesses cannot outrun the failure count. Pure: time
// comes in.
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

/** Client addresses: five failures, then 1 min, 2 min, … up to an hour. */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  baseLockMs: 60_000,
  maxLockMs: 3_600_000,
  forgetAfterMs: 24 * 3_600_000,
  maxEntries: 10_000,
  busyRetryMs: 1_000,
};

/** Accounts: five failures from anywhere, then a backoff of 30 s doubling up to 15 min (for failed addresses only). */
export const DEFAULT_ACCOUNT_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 24 * 3_600_000,
  maxEntries: 1_000,
  busyRetryMs: 1_000,
};

/** One login attempt: where it comes from and, for a password login, which account it is for. */
export interface LoginAttempt {
  address: string;
  /** The account (e.g. a digest of the username); absent for tenant-key logins. */
  account?: string;
}

/** Whether an attempt may go ahead; when refused, how long to wait. */
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Entry {
  failures: number;
  pending: number;
  locks: number;
  lockedUntil: number;
  lastAt: number;
}

/** Failure counts and locks per key under one policy. */
class FailureTable {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly policy: ThrottlePolicy) {}

  /** Ms to wait before `key` may try again (0: it may). */
  wait(key: string, now: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    if (e.lockedUntil > now) return e.lockedUntil - now;
    return e.failures + e.pending >= this.policy.maxFailures ? this.policy.busyRetryMs : 0;
  }

  /** True when `key` has a failure or a lock on record. */
  hasFailed(key: string, now: number): boolean {
    const e = this.fresh(key, now);
    return e !== undefined && (e.failures > 0 || e.locks > 0);
  }

  reserve(key: string, now: number): void {
    this.entry(key, now).pending++;
  }

  /** Ends a reserved attempt; `clearHistory` on success forgets the lock history too. */
  release(key: string, now: number, succeeded: boolean | undefined, clearHistory: boolean): void {
    const e = this.entry(key, now);
    e.pending = Math.max(0, e.pending - 1);
    if (succeeded === true) {
      if (!clearHistory) e.failures = 0;
      else if (e.pending === 0) this.entries.delete(key);
      else Object.assign(e, { failures: 0, locks: 0, lockedUntil: 0 });
    } else if (succeeded === false) {
      this.fail(e, now);
    }
  }

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

  /** The entry, unless it is stale (then it is forgotten). */
  private fresh(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && e.pending === 0 && e.lockedUntil <= now && now - e.lastAt > this.policy.forgetAfterMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  private entry(key: string, now: number): Entry {
    let e = this.fresh(key, now);
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

/** Login throttle for the admin password and tenant-key sign-ins. */
export class LoginThrottle {
  private readonly addresses: FailureTable;
  private readonly accounts: FailureTable;

  constructor(
    private readonly clock: Clock,
    addressPolicy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
    accountPolicy: ThrottlePolicy = DEFAULT_ACCOUNT_POLICY,
  ) {
    this.addresses = new FailureTable(addressPolicy);
    this.accounts = new FailureTable(accountPolicy);
  }

  /**
   * Reserves an attempt, or refuses it while its address is locked (or its failure budget is in
   * flight). The account's backoff is applied only to an address that has failed itself.
   */
  begin(attempt: LoginAttempt): ThrottleVerdict {
    const now = this.clock.now();
    const { address, account } = attempt;
    let wait = this.addresses.wait(address, now);
    if (account !== undefined && this.addresses.hasFailed(address, now)) wait = Math.max(wait, this.accounts.wait(account, now));
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    this.addresses.reserve(address, now);
    if (account !== undefined) this.accounts.reserve(account, now);
    return { allowed: true };
  }

  /**
   * Ends a reserved attempt: `true` clears the address (and the account's failure count, but not
   * its backoff history: one good login must not reset a guesser's budget), `false` counts a
   * failure for both, `undefined` (an internal error) just releases it.
   */
  end(attempt: LoginAttempt, succeeded: boolean | undefined): void {
    const now = this.clock.now();
    this.addresses.release(attempt.address, now, succeeded, true);
    if (attempt.account !== undefined) this.accounts.release(attempt.account, now, succeeded, false);
  }

  /** Keys remembered now (for tests and metrics). */
  size(): number {
    return this.addresses.size() + this.accounts.size();
  }
}
