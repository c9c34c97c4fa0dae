// A tenant as the admin's table shows it (api-types TenantRow): its settings from the config and,
// when the caller has them, usage and live counters. Never a key or key hash.
import { graceKeyUntilMs } from '../../config/config-diff.js';
import type { TenantConfig, TenantLimits } from '../../config/types.js';
import type { TenantLimitsJson, TenantRow } from './api-types.js';

/** The row's fields that come from usage and live counters, not from the config. */
export type TenantRowUsage = Pick<TenantRow, 'windows' | 'requestsPerMinute' | 'concurrentRequests' | 'requests' | 'errors' | 'chargedNano' | 'cacheHitRate' | 'lastSeenMs'>;

/** A tenant's limits as tenants.json writes them. */
export function tenantLimitsJson(l: TenantLimits): TenantLimitsJson {
  const out: TenantLimitsJson = {};
  if (l.daily) out.daily = { maxUSD: l.daily.maxUsd };
  if (l.weekly) out.weekly = { maxUSD: l.weekly.maxUsd };
  if (l.monthly) out.monthly = { maxUSD: l.monthly.maxUsd };
  if (l.fiveHour) out['5h'] = { maxUSD: l.fiveHour.maxUsd };
  if (l.requestsPerMinute !== undefined) out.requestsPerMinute = l.requestsPerMinute;
  if (l.concurrentRequests !== undefined) out.concurrentRequests = l.concurrentRequests;
  return out;
}

/** The row for a tenant; usage fields the caller does not give are zero/empty. */
export function tenantRow(t: TenantConfig, nowMs: number, usage: Partial<TenantRowUsage> = {}): TenantRow {
  const graceUntil = graceKeyUntilMs(t, nowMs);
  return {
    id: t.id,
    name: t.name,
    enabled: t.enabled,
    allowedModels: [...t.allowedModels],
    limits: tenantLimitsJson(t.limits),
    timezone: t.timezone,
    priceMultiplier: t.priceMultiplier,
    graceKeyUntil: graceUntil === null ? null : new Date(graceUntil).toISOString(),
    windows: usage.windows ?? [],
    requestsPerMinute: usage.requestsPerMinute ?? { limit: t.limits.requestsPerMinute ?? null, used: 0 },
    concurrentRequests: usage.concurrentRequests ?? { limit: t.limits.concurrentRequests ?? null, inFlight: 0 },
    requests: usage.requests ?? 0,
    errors: usage.errors ?? 0,
    chargedNano: usage.chargedNano ?? 0,
    cacheHitRate: usage.cacheHitRate ?? 0,
    lastSeenMs: usage.lastSeenMs ?? null,
  };
}
