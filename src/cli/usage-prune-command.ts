// `ccgate usage prune [--days N]`: deletes ledger rows older than the retention period, by hand,
// with the same rule the gateway applies at start and daily (storage.retentionDays).
import { systemClock, type Clock } from '../domain/clock.js';
import { applyRetention, retentionCutoff } from '../storage/retention.js';
import type { PathOptions } from './paths.js';
import { EXIT_USAGE, UsageCommandError, runUsageCommand, withUsageContext } from './usage-store.js';

export interface PruneFlags extends PathOptions {
  days?: string;
  dryRun?: boolean;
}

/** A monthly budget window in the tenant's zone starts at most 31 days and 14 hours back; its spend is read from the ledger. */
const BUDGET_LOOKBACK_DAYS = 32;

function parseDays(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageCommandError(`--days must be a whole number of days (0 keeps everything), got "${text}"`, EXIT_USAGE);
  return Number(text.trim());
}

/** Prunes; returns the exit code. */
export function runUsagePrune(flags: PruneFlags, out: (s: string) => void = (s) => process.stdout.write(s), clock: Clock = systemClock): Promise<number> {
  return runUsageCommand(async () => {
    const flagDays = flags.days === undefined ? undefined : parseDays(flags.days);
    return withUsageContext(flags, true, async ({ config, store, ledgerName }) => {
      const days = flagDays ?? config.storage.retentionDays;
      if (days === 0) {
        out(`Retention is 0 days (keep forever${flagDays === undefined ? ': storage.retentionDays' : ''}); nothing deleted.\n`);
        return 0;
      }
      const now = clock.now();
      const cutoff = new Date(retentionCutoff(days, now)).toISOString();
      if (days < BUDGET_LOOKBACK_DAYS) out(`Note: monthly budgets read up to ${BUDGET_LOOKBACK_DAYS} days back from the ledger; keeping only ${days} day(s) lets a restarted gateway undercount them.\n`);
      if (flags.dryRun) {
        const n = (await store.totals({ from: Number.MIN_SAFE_INTEGER, to: retentionCutoff(days, now) })).requests;
        out(`Would delete ${n} usage row(s) from before ${cutoff} in ${ledgerName} (dry run).\n`);
        return 0;
      }
      const n = await applyRetention(store, days, { now: () => now });
      out(`Deleted ${n} usage row(s) from before ${cutoff} (older than ${days} day(s)) in ${ledgerName}.\n`);
      return 0;
    });
  });
}
