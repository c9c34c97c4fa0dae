// A tenant's recent activity for the limit cards, from one aggregate over the last five hours in
// five-minute buckets (plus a cut at one minute ago): the spend pace of the last hour, requests of
// the last minute, and when the oldest spend in the rolling 5-hour window leaves it.
import { ROLLING_WINDOW_MS } from '../../domain/budget-windows.js';
import type { AggregateQuery, AggregateRow } from '../../storage/types.js';

const STEP_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** What the limit cards need of the last five hours. */
export interface Activity {
  /** Charged over the last hour: the pace, nano-USD per hour. */
  lastHourNano: number;
  /** Requests that arrived in the last minute (ledger rows). */
  requestsLastMinute: number;
  /** When the oldest spend of the rolling window leaves it; null without spend in it. */
  rollingFreesAt: number | null;
}

/** Bucket starts: every 5 minutes from now − 5 h, then now − 1 min. */
export function activityStarts(now: number): number[] {
  const starts: number[] = [];
  for (let t = now - ROLLING_WINDOW_MS; t < now - MINUTE_MS; t += STEP_MS) starts.push(t);
  starts.push(now - MINUTE_MS);
  return starts;
}

/** The aggregate to run (grouped by tenant). */
export function activityQuery(now: number, tenantIds?: readonly string[]): AggregateQuery & { bucketStarts: number[] } {
  return { from: now - ROLLING_WINDOW_MS, to: now, groupBy: ['tenant'], bucketStarts: activityStarts(now), ...(tenantIds ? { tenantIds } : {}) };
}

/** Activity per tenant id from the aggregate's rows. */
export function activityByTenant(rows: readonly AggregateRow[], starts: readonly number[], now: number): Map<string, Activity> {
  const out = new Map<string, Activity>();
  for (const row of rows) {
    const id = row.tenantId ?? '';
    let a = out.get(id);
    if (!a) out.set(id, (a = { lastHourNano: 0, requestsLastMinute: 0, rollingFreesAt: null }));
    const start = starts[row.bucket];
    if (start === undefined) continue;
    if (start >= now - HOUR_MS) a.lastHourNano += row.chargedCostNano;
    if (row.bucket === starts.length - 1) a.requestsLastMinute += row.requests;
    if (row.chargedCostNano > 0) {
      const end = starts[row.bucket + 1] ?? now;
      const frees = end + ROLLING_WINDOW_MS;
      if (a.rollingFreesAt === null || frees < a.rollingFreesAt) a.rollingFreesAt = frees;
    }
  }
  return out;
}

/** Activity of no request. */
export function noActivity(): Activity {
  return { lastHourNano: 0, requestsLastMinute: 0, rollingFreesAt: null };
}
