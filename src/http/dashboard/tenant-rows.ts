// A tenant as the admin's table shows it: its settings (never its key or key hash), limit cards,
// rate use now, and totals over the table's range. Pure: spend and activity come in.
import { graceKeyUntilMs } from '../../config/config-diff.js';
import type { TenantConfig, TenantLimits } from '../../config/types.js';
import type { AggregateRow } from '../../storage/types.js';
import type { TenantLimitsJson, TenantRow } from './api-types.js';
import { rateUse, windowJson, type WindowSpend } from './limits-report.js';
import { noActivity, type Activity } from './recent-activity.js';
import { hitRate } from './usage-report.js';

/** The config's limits in the API's (and tenants.json's) spelling. */
export function limitsJson(l: TenantLimits): TenantLimitsJson {
  const out: TenantLimitsJson = {};
  if (l.daily) out.daily = { maxUSD: l.daily.maxUsd };
  if (l.weekly) out.weekly = { maxUSD: l.weekly.maxUsd };
  if (l.monthly) out.monthly = { maxUSD: l.monthly.maxUsd };
  if (l.fiveHour) out['5h'] = { maxUSD: l.fiveHour.maxUsd };
  if (l.requestsPerMinute !== undefined) out.requestsPerMinute = l.requestsPerMinute;
  if (l.concurrentRequests !== undefined) out.concurrentRequests = l.concurrentRequests;
  return out;
}

/** The latest end of a rotated-out key's grace period still ahead, or null. */
export function graceKeyUntil(t: TenantConfig, now: number): string | null {
  const until = graceKeyUntilMs(t, now);
  return until === null ? null : new Date(until).toISOString();
}

/** What the row needs besides the config. */
export interface TenantFacts {
  windows: readonly WindowSpend[];
  use: { inFlight: number; requestsLastMinute: number };
  activity?: Activity;
  /** The tenant's aggregate row over the table's range (no buckets), if it had requests. */
  range?: AggregateRow;
}

/** One table row. */
export function tenantRow(t: TenantConfig, facts: TenantFacts, now: number): TenantRow {
  const activity = facts.activity ?? noActivity();
  const r = facts.range;
  return {
    id: t.id,
    name: t.name,
    enabled: t.enabled,
    allowedModels: [...t.allowedModels],
    limits: limitsJson(t.limits),
    timezone: t.timezone,
    priceMultiplier: t.priceMultiplier,
    graceKeyUntil: graceKeyUntil(t, now),
    windows: facts.windows.map((w) => windowJson(w, activity, now)),
    ...rateUse(t, facts.use, activity),
    requests: r?.requests ?? 0,
    errors: r?.errors ?? 0,
    chargedNano: r?.chargedCostNano ?? 0,
    cacheHitRate: r ? hitRate(r) : 0,
    lastSeenMs: r && r.requests > 0 ? r.lastTs : null,
  };
}
