// Time buckets in an IANA time zone for the dashboard: local-hour and local-midnight starts and
// their labels, and the preset ranges (today, yesterday, 7d, 30d, month). DST-safe: a bucket
// boundary is an instant whose local time is on the hour (or midnight), found by re-checking the
// zone's offset at each candidate, so a 23- or 25-hour day and a half-hour zone come out exact.
// Pure: `now` comes in.
import { calendarPeriod, zonedMidnight } from './budget-windows.js';

export type BucketWidth = 'hour' | 'day';
export type Preset = 'today' | 'yesterday' | '7d' | '30d' | 'month';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Local calendar time of an instant. */
export interface LocalParts {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    if (formatters.size > 500) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `tz` is an IANA zone name this runtime knows (e.g. "Asia/Shanghai", "UTC"). */
export function isValidTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(tz)) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Local date and time of `ms` in `timeZone`. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const p: Record<string, string> = {};
  for (const x of formatter(timeZone).formatToParts(new Date(ms))) p[x.type] = x.value;
  return { y: Number(p['year']), m: Number(p['month']), d: Number(p['day']), h: Number(p['hour']), min: Number(p['minute']), s: Number(p['second']) };
}

/** Local time minus UTC at `ms`, in ms (e.g. +19_800_000 for Asia/Kolkata). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - whole;
}

function addDays(y: number, m: number, d: number, days: number): [number, number, number] {
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

/** Local midnight of the day containing `ms`, shifted by `days` local days. */
export function localMidnight(ms: number, timeZone: string, days = 0): number {
  const p = localParts(ms, timeZone);
  return zonedMidnight(...addDays(p.y, p.m, p.d, days), timeZone);
}

/** True when the local time at `ms` is on the hour. */
function onLocalHour(ms: number, timeZone: string): boolean {
  return (((ms + zoneOffsetMs(ms, timeZone)) % HOUR_MS) + HOUR_MS) % HOUR_MS === 0;
}

/** The first instant after `t` on the hour for a fixed offset. */
function nextHourAt(t: number, offset: number): number {
  return Math.floor((t + offset) / HOUR_MS) * HOUR_MS + HOUR_MS - offset;
}

/** The first instant after `t` whose local time is on the hour. */
export function nextLocalHour(t: number, timeZone: string): number {
  const first = nextHourAt(t, zoneOffsetMs(t, timeZone));
  if (onLocalHour(first, timeZone)) return first;
  // An offset change by a fraction of an hour (Australia/Lord_Howe's 30 minutes) lies ahead: try
  // the next two boundaries under each offset in force over the coming hours, earliest first.
  const candidates = new Set<number>();
  for (const probe of [t, first, t + 2 * HOUR_MS]) {
    const c = nextHourAt(t, zoneOffsetMs(probe, timeZone));
    candidates.add(c).add(c + HOUR_MS);
  }
  for (const c of [...candidates].sort((a, b) => a - b)) if (c > t && onLocalHour(c, timeZone)) return c;
  return first;
}

/** Bucket starts covering [from, to): `from`, then each local hour or local midnight after it. */
export function bucketStarts(from: number, to: number, width: BucketWidth, timeZone: string): number[] {
  const out = [from];
  let t = from;
  for (;;) {
    let next = width === 'hour' ? nextLocalHour(t, timeZone) : localMidnight(t, timeZone, 1);
    if (next <= t) next = t + (width === 'hour' ? HOUR_MS : DAY_MS);
    if (next >= to) return out;
    out.push(next);
    t = next;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Label of a bucket starting at `startMs`: "2026-12-02" (day) or "2026-12-02 14:00" (hour), local to the zone. */
export function bucketLabel(startMs: number, width: BucketWidth, timeZone: string): string {
  const p = localParts(startMs, timeZone);
  const day = `${p.y}-${pad(p.m)}-${pad(p.d)}`;
  return width === 'day' ? day : `${day} ${pad(p.h)}:00`;
}

/** The range and default bucket width of a preset at `now`, in `timeZone`. */
export function presetRange(preset: Preset, now: number, timeZone: string): { from: number; to: number; bucket: BucketWidth } {
  const today = localMidnight(now, timeZone);
  // A range is never empty: at the very instant of midnight "today" is its first millisecond.
  const upToNow = (from: number, bucket: BucketWidth) => ({ from, to: Math.max(now, from + 1), bucket });
  switch (preset) {
    case 'today':
      return upToNow(today, 'hour');
    case 'yesterday':
      return { from: localMidnight(now, timeZone, -1), to: today, bucket: 'hour' };
    case '7d':
      return upToNow(localMidnight(now, timeZone, -6), 'day');
    case '30d':
      return upToNow(localMidnight(now, timeZone, -29), 'day');
    case 'month':
      return upToNow(calendarPeriod('monthly', now, timeZone).start, 'day');
    default: {
      const never: never = preset;
      return never;
    }
  }
}
