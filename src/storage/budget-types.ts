// Where spend against budgets is kept. Memory (one instance, SQLite) and PostgreSQL (several
// instances sharing one database) implement the same contract: a hold is placed only while every
// window's settled spend plus the holds of requests in flight stays below its limit.
import type { BudgetWindow } from '../domain/budget-windows.js';

/** Why a hold was refused: the first window that is used up. */
export interface BudgetRefusal {
  window: BudgetWindow;
  /** Settled spend plus holds in that window, nano-USD. */
  usedNano: number;
  /** When enough of the window frees up for a retry (epoch ms). */
  resetAt: number;
}

export interface BudgetStore {
  /**
   * Atomically checks every window (settled + held < limit) and, if all pass, holds `amountNano`
   * for the request until settle() or `now + ttlMs` (a crashed instance's holds expire).
   */
  hold(tenantId: string, windows: readonly BudgetWindow[], requestId: string, amountNano: number, now: number, ttlMs: number): Promise<BudgetRefusal | undefined>;
  /** Drops the hold and counts the real charge at time `ts` in every window. */
  settle(tenantId: string, requestId: string, chargedNano: number, ts: number): Promise<void>;
  /** Settled spend plus holds of each window (for usage reports). */
  used(tenantId: string, windows: readonly BudgetWindow[], now: number): Promise<number[]>;
  /** Forgets all spend and holds (after `ccgate clean` deleted the ledger). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
