// Query parameters of the usage API (range, bucket, limit, tenant), checked strictly: a typo such
// as `tenant=` must not silently widen an answer to every tenant, so unknown or repeated
// parameters are a 400 that names them.
import { GatewayError } from '../../domain/errors.js';
import { parseIsoInstant } from '../../domain/iso-instant.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Longest range one query may cover. */
export const MAX_RANGE_MS = 400 * DAY_MS;
/** Longest range for hourly buckets (744 buckets). */
export const MAX_HOURLY_RANGE_MS = 31 * DAY_MS;
export const DEFAULT_RANGE_MS = DAY_MS;
export const BUCKET_MS = { hour: HOUR_MS, day: DAY_MS } as const;
export const DEFAULT_RECENT_LIMIT = 100;
export const MAX_RECENT_LIMIT = 1_000;

/** A checked time range, `from` inclusive, `to` exclusive, epoch ms. */
export interface UsageRange {
  from: number;
  to: number;
}

export type Bucket = keyof typeof BUCKET_MS;

function bad(message: string, param: string): GatewayError {
  return new GatewayError('invalid_request', message, { param });
}

/** Single values of the allowed parameters; 400 on an unknown or repeated one. */
export function readParams(search: string, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(search)) {
    if (!allowed.includes(name)) throw bad(`Unknown query parameter "${name}" (allowed: ${allowed.join(', ')})`, name);
    if (out.has(name)) throw bad(`Query parameter "${name}" is given more than once`, name);
    out.set(name, value);
  }
  return out;
}

/** Epoch ms from digits (epoch ms) or a strict ISO 8601 date or zoned date-time; 400 naming the parameter otherwise. */
export function parseInstant(value: string, param: string): number {
  const v = value.trim();
  const ms = /^\d{1,15}$/.test(v) ? Number(v) : parseIsoInstant(v);
  if (ms === undefined) throw bad(`"${param}" must be epoch milliseconds, YYYY-MM-DD (UTC) or an ISO 8601 date-time with a zone such as 2026-01-31T00:00:00Z`, param);
  return ms;
}

/** The range of `from`/`to` (default: the 24 h before `now`); 400 when reversed or too long. */
export function parseRange(params: Map<string, string>, now: number): UsageRange {
  const fromText = params.get('from');
  const toText = params.get('to');
  const to = toText === undefined ? now : parseInstant(toText, 'to');
  const from = fromText === undefined ? to - DEFAULT_RANGE_MS : parseInstant(fromText, 'from');
  if (from >= to) throw bad('"from" must be before "to"', 'from');
  if (to - from > MAX_RANGE_MS) throw bad(`The range may cover at most ${MAX_RANGE_MS / DAY_MS} days`, 'from');
  return { from, to };
}

/** `bucket` (hour|day); default hour up to 2 days, else day. Hourly ranges are capped. */
export function parseBucket(params: Map<string, string>, range: UsageRange): Bucket {
  const text = params.get('bucket');
  const bucket: Bucket = text === undefined ? (range.to - range.from <= 2 * DAY_MS ? 'hour' : 'day') : text === 'hour' || text === 'day' ? text : invalidBucket();
  if (bucket === 'hour' && range.to - range.from > MAX_HOURLY_RANGE_MS) {
    throw bad(`bucket=hour covers at most ${MAX_HOURLY_RANGE_MS / DAY_MS} days: use bucket=day or a shorter range`, 'bucket');
  }
  return bucket;
}

function invalidBucket(): never {
  throw bad('"bucket" must be "hour" or "day"', 'bucket');
}

/** `limit` for recent requests: 1..MAX_RECENT_LIMIT, default DEFAULT_RECENT_LIMIT. */
export function parseLimit(params: Map<string, string>): number {
  const text = params.get('limit');
  if (text === undefined) return DEFAULT_RECENT_LIMIT;
  const n = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= MAX_RECENT_LIMIT)) throw bad(`"limit" must be a whole number from 1 to ${MAX_RECENT_LIMIT}`, 'limit');
  return n;
}
