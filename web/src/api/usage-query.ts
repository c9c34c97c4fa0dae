// A usage question as the views hold it (preset or custom dates, zone, bucket width, tenants) and
// its query parameters. The server resolves presets and cuts every bucket in `tz`; for custom
// dates the client only turns the picked days into the instants they start in that zone.
import type { BucketWidth, Preset } from './contract.js';

/** A preset range or custom local dates (YYYY-MM-DD, both days included). */
export type RangeChoice = { preset: Preset } | { fromDate: string; toDate: string };

export interface UsageQuery {
  range: RangeChoice;
  tz: string;
  bucket: BucketWidth;
  /** One tenant's report (admin). */
  tenantId?: string;
  /** Tenants overlaid in one chart (admin). */
  tenants?: string[];
}

/** The day after a YYYY-MM-DD date (calendar arithmetic only, no zone involved). */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}

/** How far `tz`'s wall clock is ahead of UTC at instant `ms` (DST-aware, from Intl). */
function zoneOffsetMs(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000;
}

const DAY_MS = 86_400_000;

/** The instant a YYYY-MM-DD date starts in `tz` (midnight, or the first moment after a DST gap). */
export function zonedDayStartMs(date: string, tz: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // Midnight read with the offset in force a day before and a day after; a reading is right when
  // the zone really has that offset at that instant. Both right (clocks turned back over
  // midnight): the earlier. Neither (midnight skipped by a DST jump, e.g. America/Santiago): the
  // day starts at the jump, which is midnight at the earlier offset.
  const before = wall - zoneOffsetMs(wall - DAY_MS, tz);
  const after = wall - zoneOffsetMs(wall + DAY_MS, tz);
  const right = [before, after].filter((c) => zoneOffsetMs(c, tz) === wall - c);
  return right.length > 0 ? Math.min(...right) : before;
}

/**
 * `range`, or `from`/`to` as the instants the picked days start in `tz` (`to` = the start of the
 * day after the last one picked, exclusive), plus `tz` and `bucket`. Epoch milliseconds leave the
 * server nothing to guess; it still cuts the buckets itself.
 */
export function rangeParams(q: UsageQuery): Record<string, string> {
  const base = { tz: q.tz, bucket: q.bucket };
  if ('preset' in q.range) return { range: q.range.preset, ...base };
  return { from: String(zonedDayStartMs(q.range.fromDate, q.tz)), to: String(zonedDayStartMs(nextDate(q.range.toDate), q.tz)), ...base };
}

/** The natural bucket width of a range: hours for a day, days beyond. */
export function defaultBucket(range: RangeChoice): BucketWidth {
  if ('preset' in range) return range.preset === 'today' || range.preset === 'yesterday' ? 'hour' : 'day';
  return range.fromDate === range.toDate ? 'hour' : 'day';
}
