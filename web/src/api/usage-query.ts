// A usage question as the views hold it (preset or custom dates, zone, bucket width, tenants) and
// its query parameters. The server resolves the range and cuts the buckets in `tz`; the client
// never computes a boundary itself.
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

/**
 * `range`, or `from`/`to` as local dates of `tz` with `to` exclusive (the day after the last day
 * picked), plus `tz` and `bucket`.
 */
export function rangeParams(q: UsageQuery): Record<string, string> {
  const base = { tz: q.tz, bucket: q.bucket };
  if ('preset' in q.range) return { range: q.range.preset, ...base };
  return { from: q.range.fromDate, to: nextDate(q.range.toDate), ...base };
}

/** The natural bucket width of a range: hours for a day, days beyond. */
export function defaultBucket(range: RangeChoice): BucketWidth {
  if ('preset' in range) return range.preset === 'today' || range.preset === 'yesterday' ? 'hour' : 'day';
  return range.fromDate === range.toDate ? 'hour' : 'day';
}
