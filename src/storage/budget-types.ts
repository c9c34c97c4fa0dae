// Where spend against budgets is kept. Memory (one instance, SQLite) and PostgreSQL (several
// instances sharing one database) implement the same contract: a hold is placed only while every
// window's settled spend plus the holds of requests in flight stays below its limit.
import type { BudgetWindow } from '../domain/budget-windows.js';

/** Why a hold was refused: the first window that is used up (or, under `fit`, has no room for the amount). */
export interface BudgetRefusal {
  window: BudgetWindow;
  /** Settled spend plus holds in that window, nano-USD. */
  usedNano: number;
  /** When enough of the window frees up for a retry (epoch ms). */
  resetAt: number;
  /** Room left in the tightest of all the windows (limit − settled − held, at least 0). */
  roomNano: number;
}

/**
 * When a hold is placed. `below` (the `soft` budget policy): while settled + held < limit in every
 * window, whatever the amount. `fit` (`strict`, `clamp`): only when settled + held + amount ≤ limit
 * in every window, so the spend never passes the limit by more than the amount underestimates.
 */
export type HoldMode = 'below' | 'fit';

/** The first window `used` does not admit `amountNano` into by `mode`, with the room left (pure; both stores use it). */
export function checkWindows(windows: readonly BudgetWindow[], used: readonly number[], amountNano: number, mode: HoldMode): { failing: number; roomNano: number } {
  let failing = -1;
  let roomNano = Infinity;
  for (let i = 0; i < windows.length; i++) {
    const limit = windows[i]!.limitNano;
    const u = used[i] ?? 0;
    roomNano = Math.min(roomNano, Math.max(0, limit - u));
    const refused = mode === 'fit' ? u + amountNano > limit : u >= limit;
    if (refused && failing < 0) failing = i;
  }
  return { failing, roomNano: Number.isFinite(roomNano) ? roomNano : 0 };
}

export interface BudgetStore {
  /**
   * Atomically checks every window (by `mode`, default `below`) and, if all pass, holds
   * `amountNano` for the request until settle() or `now + ttlMs` (a crashed instance's holds expire).
   */
  hold(tenantId: string, windows: readonly BudgetWindow[], requestId: string, amountNano: number, now: number, ttlMs: number, mode?: HoldMode): Promise<BudgetRefusal | undefined>;
  /** Drops the hold and counts the real charge at time `ts` in every window. */
  settle(tenantId: string, requestId: string, chargedNano: number, ts: number): Promise<void>;
  /** Settled spend plus holds of each window (for usage reports). */
  used(tenantId: string, windows: readonly BudgetWindow[], now: number): Promise<number[]>;
  /** Forgets all spend and holds (after `ccgate clean` deleted the ledger). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
