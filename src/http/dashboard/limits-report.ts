// Limit cards: each budget window's spend against its limit with the pace of the last hour and a
// projection of when the limit is hit at that pace, plus requests per minute and concurrency now.
// Pure: the window spend, activity and current use come in.
import type { TenantConfig } from '../../config/types.js';
import type { WindowKind } from '../../domain/budget-windows.js';
import { nanoToUsd } from '../../domain/money.js';
import type { WindowJson } from './api-types.js';
import type { Activity } from './recent-activity.js';

const HOUR_MS = 3_600_000;
const ROLLING_HOURS = 5;

/** A window's spend as Admission.windowUsage reports it. */
export interface WindowSpend {
  kind: WindowKind;
  usedNano: number;
  limitNano: number;
  periodStart: number;
  resetsAt: number;
}

/**
 * When the limit is reached at `paceNanoPerHour`: now when already reached, null when the pace is
 * zero or the period resets first. A rolling window never resets; there the limit is reached only
 * when five hours at this pace would exceed it.
 */
export function projectLimit(w: WindowSpend, paceNanoPerHour: number, now: number, resetsAt: number): number | null {
  const left = w.limitNano - w.usedNano;
  if (left <= 0) return now;
  if (paceNanoPerHour <= 0) return null;
  const at = now + Math.ceil((left / paceNanoPerHour) * HOUR_MS);
  if (w.kind === '5h') return paceNanoPerHour * ROLLING_HOURS >= w.limitNano ? at : null;
  return at < resetsAt ? at : null;
}

/** One window card. The rolling window "resets" when its oldest spend leaves it. */
export function windowJson(w: WindowSpend, activity: Activity, now: number): WindowJson {
  const resetsAtMs = w.kind === '5h' ? Math.max(now, activity.rollingFreesAt ?? now) : w.resetsAt;
  return {
    kind: w.kind,
    usedNano: w.usedNano,
    usedUsd: nanoToUsd(w.usedNano),
    limitNano: w.limitNano,
    limitUsd: nanoToUsd(w.limitNano),
    periodStartMs: w.periodStart,
    resetsAtMs,
    resetsAt: new Date(resetsAtMs).toISOString(),
    paceNanoPerHour: activity.lastHourNano,
    projectedLimitAtMs: projectLimit(w, activity.lastHourNano, now, resetsAtMs),
  };
}

/** Requests per minute and concurrency: the limiter's own count when a limit is set, else the ledger's. */
export function rateUse(tenant: TenantConfig, use: { inFlight: number; requestsLastMinute: number }, activity: Activity): {
  requestsPerMinute: { limit: number | null; used: number };
  concurrentRequests: { limit: number | null; inFlight: number };
} {
  const rpm = tenant.limits.requestsPerMinute;
  return {
    requestsPerMinute: { limit: rpm ?? null, used: rpm !== undefined ? use.requestsLastMinute : activity.requestsLastMinute },
    concurrentRequests: { limit: tenant.limits.concurrentRequests ?? null, inFlight: use.inFlight },
  };
}
