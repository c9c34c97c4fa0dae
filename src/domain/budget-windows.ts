// The spend windows of a tenant at a moment: calendar day, ISO week (Monday) and month in the
// tenant's time zone, and a rolling 5 hours counted in 5-minute buckets. Pure: time comes in.
import { usdToNano } from './money.js';

export type WindowKind = 'daily' | 'weekly' | 'monthly' | '5h';

/** The USD limits of a tenant (config's TenantLimits has this shape). */
export interface UsdLimits {
  daily?: { maxUsd: number };
  weekly?: { maxUsd: number };
  monthly?: { maxUsd: number };
  fiveHour?: { maxUsd: number };
}

/** One limited window as of `now`. */
export interface BudgetWindow {
  kind: WindowKind;
  limitNano: number;
  /** Start of the current period (epoch ms); for 5h, now − 5 h. */
  periodStart: number;
  /** When the period ends (fixed windows); for 5h, computed from the spend buckets. */
  periodEnd: number;
}

export const ROLLING_WINDOW_MS = 5 * 3_600_000;
/** Granularity of the rolling window: spend is counted in buckets of this size. */
export const BUCKET_MS = 5 * 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(ms: number, timeZone: string): { y: number; m: number; d: number; wd: number; h: number; min: number; s: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(ms))) p[x.type] = x.value;
  const wd = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p['weekday'] ?? 'Mon');
  return { y: Number(p['year']), m: Number(p['month']), d: Number(p['day']), wd, h: Number(p['hour']), min: Number(p['minute']), s: Number(p['second']) };
}

/** Epoch ms of local midnight of the local date y-m-d in `timeZone` (DST-safe: offset re-checked). */
export function zonedMidnight(y: number, m: number, d: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d);
  let t = guess;
  for (let i = 0; i < 3; i++) {
    const p = parts(t, timeZone);
    const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
    const next = guess - (asUtc - t);
    if (next === t) break;
    t = next;
  }
  return t;
}

function addDays(y: number, m: number, d: number, days: number): [number, number, number] {
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

/** Start and end of the calendar period containing `now`, computed (Intl, several calls). */
export function computeCalendarPeriod(kind: 'daily' | 'weekly' | 'monthly', now: number, timeZone: string): { start: number; end: number } {
  const p = parts(now, timeZone);
  switch (kind) {
    case 'daily':
      return { start: zonedMidnight(p.y, p.m, p.d, timeZone), end: zonedMidnight(...addDays(p.y, p.m, p.d, 1), timeZone) };
    case 'weekly': {
      const [y, m, d] = addDays(p.y, p.m, p.d, -p.wd);
      return { start: zonedMidnight(y, m, d, timeZone), end: zonedMidnight(...addDays(y, m, d, 7), timeZone) };
    }
    case 'monthly': {
      const next = p.m === 12 ? [p.y + 1, 1] : [p.y, p.m + 1];
      return { start: zonedMidnight(p.y, p.m, 1, timeZone), end: zonedMidnight(next[0]!, next[1]!, 1, timeZone) };
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Periods last computed per kind and zone; a handful of zones in practice, bounded anyway. */
const periods = new Map<string, { start: number; end: number }>();
const MAX_CACHED_PERIODS = 1_000;

/**
 * Start and end of the calendar period containing `now`. Periods partition time, so the one found
 * for an earlier moment holds until its end: the Intl work (about 7 formatToParts per window, the
 * largest cost of admission) runs once per zone and period, not per request.
 */
export function calendarPeriod(kind: 'daily' | 'weekly' | 'monthly', now: number, timeZone: string): { start: number; end: number } {
  const key = `${kind}\0${timeZone}`;
  let period = periods.get(key);
  if (!period || now < period.start || now >= period.end) {
    period = computeCalendarPeriod(kind, now, timeZone);
    if (periods.size >= MAX_CACHED_PERIODS) periods.clear();
    periods.set(key, period);
  }
  return { start: period.start, end: period.end };
}

/** The tenant's limited windows at `now` (none when it has no USD limits). */
export function budgetWindows(limits: UsdLimits, timeZone: string, now: number): BudgetWindow[] {
  const out: BudgetWindow[] = [];
  for (const kind of ['daily', 'weekly', 'monthly'] as const) {
    const limit = limits[kind];
    if (!limit) continue;
    const { start, end } = calendarPeriod(kind, now, timeZone);
    out.push({ kind, limitNano: usdToNano(limit.maxUsd), periodStart: start, periodEnd: end });
  }
  if (limits.fiveHour) {
    out.push({ kind: '5h', limitNano: usdToNano(limits.fiveHour.maxUsd), periodStart: now - ROLLING_WINDOW_MS, periodEnd: now });
  }
  return out;
}

/** Start of the 5-minute bucket containing `ms`. */
export function bucketOf(ms: number): number {
  return Math.floor(ms / BUCKET_MS) * BUCKET_MS;
}
