// Query parameters of the dashboard's read endpoints: the time range (a preset resolved in the
// viewer's time zone, or from/to), the zone itself, the bucket width, and which tenants an answer
// may cover. A tenant session can only ever name its own tenant: naming another is a 403 whatever
// the page asks, and an unknown parameter is a 400 (a typo must not widen an answer).
import { GatewayError } from '../../domain/errors.js';
import { isValidTimeZone, presetRange, zonedBuckets, type BucketWidth, type Preset } from '../../domain/zoned-buckets.js';
import { MAX_HOURLY_RANGE_MS, MAX_RANGE_MS, parseInstant } from '../routes/usage-query.js';
import type { ResolvedRange } from './api-types.js';
import type { DashboardViewer } from './session-guard.js';

const DAY_MS = 86_400_000;
const PRESETS: readonly Preset[] = ['today', 'yesterday', '7d', '30d', 'month'];
/** Most tenants one overlay compares. */
export const MAX_OVERLAY_TENANTS = 10;

/** A resolved range with its bucket starts (first = from) and their local labels. */
export interface RangeSpec extends ResolvedRange {
  starts: number[];
  labels: string[];
}

function bad(message: string, param: string): GatewayError {
  return new GatewayError('invalid_request', message, { param });
}

/** The zone of `tz` (400 unless a valid IANA zone), else the viewer's default. */
export function parseTimeZone(params: Map<string, string>, fallback: string): string {
  const tz = params.get('tz');
  if (tz === undefined) return fallback;
  if (!isValidTimeZone(tz)) throw bad(`"tz" must be an IANA time zone such as "Asia/Shanghai" or "UTC" (got "${tz.slice(0, 64)}")`, 'tz');
  return tz;
}

/** The viewer's default zone: a tenant's budget zone, UTC for the admin. */
export function defaultTimeZone(viewer: DashboardViewer): string {
  return viewer.role === 'tenant' ? viewer.tenant.timezone : 'UTC';
}

/**
 * `range` (a preset, default "today") or `from`/`to` (epoch ms or ISO), `tz`, `bucket`; 400 when
 * reversed, too long (400 days; hourly 31 days) or mixed.
 */
export function parseRangeSpec(params: Map<string, string>, now: number, fallbackTz: string): RangeSpec {
  const tz = parseTimeZone(params, fallbackTz);
  const presetText = params.get('range');
  const fromText = params.get('from');
  const toText = params.get('to');
  let from: number;
  let to: number;
  let bucket: BucketWidth;
  let preset: Preset | null = null;
  if (presetText !== undefined || (fromText === undefined && toText === undefined)) {
    if (fromText !== undefined || toText !== undefined) throw bad('Give either "range" or "from"/"to", not both', 'range');
    const p = (presetText ?? 'today') as Preset;
    if (!PRESETS.includes(p)) throw bad(`"range" must be one of ${PRESETS.join(', ')}`, 'range');
    preset = p;
    ({ from, to, bucket } = presetRange(p, now, tz));
  } else {
    to = toText === undefined ? now : parseInstant(toText, 'to');
    from = fromText === undefined ? to - DAY_MS : parseInstant(fromText, 'from');
    if (from >= to) throw bad('"from" must be before "to"', 'from');
    if (to - from > MAX_RANGE_MS) throw bad(`The range may cover at most ${MAX_RANGE_MS / DAY_MS} days`, 'from');
    bucket = to - from <= 2 * DAY_MS ? 'hour' : 'day';
  }
  const bucketText = params.get('bucket');
  if (bucketText !== undefined) {
    if (bucketText !== 'hour' && bucketText !== 'day') throw bad('"bucket" must be "hour" or "day"', 'bucket');
    bucket = bucketText;
  }
  if (bucket === 'hour' && to - from > MAX_HOURLY_RANGE_MS) throw bad(`bucket=hour covers at most ${MAX_HOURLY_RANGE_MS / DAY_MS} days: use bucket=day or a shorter range`, 'bucket');
  return { fromMs: from, toMs: to, from: new Date(from).toISOString(), to: new Date(to).toISOString(), tz, bucket, preset, ...zonedBuckets(from, to, bucket, tz) };
}

/** The contract's ResolvedRange of a spec (without the bucket starts). */
export function resolvedRange(r: RangeSpec): ResolvedRange {
  return { fromMs: r.fromMs, toMs: r.toMs, from: r.from, to: r.to, tz: r.tz, bucket: r.bucket, preset: r.preset };
}

/** Throws 403 when a tenant session names a tenant other than its own. */
export function assertOwnTenant(viewer: DashboardViewer, asked: string, param: string): void {
  if (viewer.role === 'tenant' && asked !== viewer.tenant.id) {
    throw new GatewayError('forbidden', `A tenant session can only see its own tenant (parameter "${param}")`);
  }
}

/** The one tenant an answer covers: the tenant's own, or the admin's `tenantId` (undefined: all tenants). */
export function scopedTenant(viewer: DashboardViewer, params: Map<string, string>): string | undefined {
  const asked = params.get('tenantId');
  if (asked !== undefined) assertOwnTenant(viewer, asked, 'tenantId');
  return viewer.role === 'tenant' ? viewer.tenant.id : asked;
}

/** `tenants=a,b,c` for an overlay (at most MAX_OVERLAY_TENANTS, no repeats); tenants may name only themselves. */
export function overlayTenants(viewer: DashboardViewer, params: Map<string, string>): string[] | undefined {
  const text = params.get('tenants');
  if (text === undefined) return undefined;
  const ids = text.split(',').map((s) => s.trim());
  if (ids.some((id) => id === '') || new Set(ids).size !== ids.length || ids.length > MAX_OVERLAY_TENANTS) {
    throw bad(`"tenants" must list 1 to ${MAX_OVERLAY_TENANTS} distinct tenant ids separated by commas`, 'tenants');
  }
  for (const id of ids) assertOwnTenant(viewer, id, 'tenants');
  return ids;
}
