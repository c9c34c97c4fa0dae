// Retention: `storage.retentionDays` (0 = keep forever) deletes ledger rows older than that many
// days. Called by the gateway at start and daily, and by `ccgate usage prune`.
import type { Clock } from '../domain/clock.js';
import type { UsageStore } from './types.js';

export const DAY_MS = 86_400_000;

/** The oldest time kept: rows with `ts` before it are deleted. Throws on a negative or fractional count. */
export function retentionCutoff(retentionDays: number, nowMs: number): number {
  if (!Number.isSafeInteger(retentionDays) || retentionDays < 0) throw new RangeError(`retentionDays must be a non-negative integer, got ${retentionDays}`);
  return nowMs - retentionDays * DAY_MS;
}

/**
 * Deletes rows older than `retentionDays` days before `clock.now()` (a rolling cutoff, not a day
 * boundary); returns how many. 0 keeps everything and touches nothing.
 */
export async function applyRetention(store: UsageStore, retentionDays: number, clock: Clock): Promise<number> {
  const cutoff = retentionCutoff(retentionDays, clock.now());
  if (retentionDays === 0) return 0;
  return store.deleteBefore(cutoff);
}
