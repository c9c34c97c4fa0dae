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

/** An offset in force from `start` until the next span's start. */
export interface OffsetSpan {
  start: number;
  offset: number;
}

const PROBE_STEP_MS = 7 * DAY_MS;

/**
 * The zone's offsets over [from, to): probed once a week, each change located to the second by
 * bisection. A handful of Intl calls for a year, where asking per bucket would take hundreds.
 * Assumes at most one offset change per week, which holds for every zone in use.
 */
export function offsetSpans(from: number, to: number, timeZone: string): OffsetSpan[] {
  const spans: OffsetSpan[] = [{ start: from, offset: zoneOffsetMs(from, timeZone) }];
  let before = from;
  let offset = spans[0]!.offset;
  while (before < to) {
    const probe = Math.min(before + PROBE_STEP_MS, to);
    const now = zoneOffsetMs(probe, timeZone);
    if (now !== offset) {
      let lo = before;
      let hi = probe;
      while (hi - lo > 1_000) {
        const mid = lo + Math.floor((hi - lo) / 2_000) * 1_000;
        if (zoneOffsetMs(mid, timeZone) === offset) lo = mid;
        else hi = mid;
      }
      spans.push({ start: hi, offset: now });
      offset = now;
    }
    before = probe;
  }
  return spans;
}

const WIDTH_MS: Record<BucketWidth, number> = { hour: HOUR_MS, day: DAY_MS };
const pad = (n: number) => String(n).padStart(2, '0');

/** Label of a local time given as "UTC fields" (epoch ms + offset). */
function labelOfLocal(local: number, width: BucketWidth): string {
  const d = new Date(local);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return width === 'day' ? day : `${day} ${pad(d.getUTCHours())}:00`;
}

/**
 * Buckets covering [from, to): the first starts at `from`, the others where the local hour (or
 * date) turns: at every local time on the hour (midnight), and at an offset change that skips
 * one (02:00 → 02:30 starts a 30-minute "02:00" bucket; a skipped midnight starts the day at the
 * change). Labels are local to the zone.
 */
export function zonedBuckets(from: number, to: number, width: BucketWidth, timeZone: string): { starts: number[]; labels: string[] } {
  const w = WIDTH_MS[width];
  const spans = offsetSpans(from, to, timeZone);
  const starts = [from];
  const labels = [labelOfLocal(from + spans[0]!.offset, width)];
  const push = (ms: number, offset: number) => {
    if (ms <= starts[starts.length - 1]! || ms >= to) return;
    starts.push(ms);
    labels.push(labelOfLocal(ms + offset, width));
  };
  spans.forEach((span, i) => {
    const end = spans[i + 1]?.start ?? to;
    const prev = spans[i - 1];
    // At a change: a new bucket when the local hour/date differs from just before it.
    if (prev && Math.floor((span.start + span.offset) / w) !== Math.floor((span.start - 1 + prev.offset) / w)) push(span.start, span.offset);
    for (let b = Math.ceil((span.start + span.offset) / w) * w - span.offset; b < end; b += w) push(b, span.offset);
  });
  return { starts, labels };
}

/** Bucket starts of zonedBuckets(). */
export function bucketStarts(from: number, to: number, width: BucketWidth, timeZone: string): number[] {
  return zonedBuckets(from, to, width, timeZone).starts;
}

/** Label of a bucket starting at `startMs`: "2026-12-02" (day) or "2026-12-02 14:00" (hour), local to the zone. */
export function bucketLabel(startMs: number, width: BucketWidth, timeZone: string): string {
  return labelOfLocal(startMs + zoneOffsetMs(startMs, timeZone), width);
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
