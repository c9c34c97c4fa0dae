// Reads one line of the original CCGate's usage files (data/usage/{tenant}/{YYYY-MM}/{date}.json)
// into a checked record. A bad line gets a reason that names the field but never quotes the line:
// usage lines carry user agents and client addresses.
import { parseIsoInstant } from '../../domain/iso-instant.js';

/** One request as the original CCGate recorded it, checked and normalised. */
export interface LegacyUsageRecord {
  /** Absent in some lines; the importer then derives a stable id. */
  requestId: string | undefined;
  tenantId: string;
  ts: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** The original recorded cache writes without their lifetime. */
  cacheCreationTokens: number;
  cacheReadTokens: number;
  status: number;
  durationMs: number;
  upstream: string | null;
  userAgent: string | null;
  /** The original's own total in USD (at its stale prices): only compared in the import summary. */
  originalTotalCostUsd: number | undefined;
}

/** A parsed line, or why it was skipped. */
export type LegacyLineResult = { ok: true; record: LegacyUsageRecord } | { ok: false; reason: string };

/** Epoch values below this (1973-03-03) are almost surely seconds, not milliseconds. */
const MIN_EPOCH_MS = 1e11;
/** Epoch values from this (year 5138) on are not milliseconds either. */
const MAX_EPOCH_MS = 1e14;

class BadLine extends Error {}

type Fields = Record<string, unknown>;

function isMissing(v: unknown): boolean {
  return v === undefined || v === null;
}

function count(o: Fields, key: string, required: boolean): number {
  const v = o[key];
  if (isMissing(v)) {
    if (required) throw new BadLine(`missing ${key}`);
    return 0;
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new BadLine(`${key} must be a non-negative integer`);
  return v;
}

/** A string field; '' counts as absent. */
function optionalText(o: Fields, key: string): string | null {
  const v = o[key];
  if (isMissing(v) || v === '') return null;
  if (typeof v !== 'string') throw new BadLine(`${key} must be a string`);
  return v;
}

function requiredText(o: Fields, key: string): string {
  const v = optionalText(o, key);
  if (v === null) throw new BadLine(`missing ${key}`);
  return v;
}

/** ISO 8601 with a zone (the original wrote toISOString()) or epoch milliseconds. */
function timestamp(v: unknown): number {
  if (isMissing(v)) throw new BadLine('missing timestamp');
  if (typeof v === 'string') {
    const ms = parseIsoInstant(v);
    if (ms === undefined) throw new BadLine('timestamp must be ISO 8601 with a zone (Z or ±hh:mm) or epoch milliseconds');
    return ms;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= MIN_EPOCH_MS && v < MAX_EPOCH_MS) return v;
  throw new BadLine('timestamp must be ISO 8601 with a zone (Z or ±hh:mm) or epoch milliseconds');
}

function statusCode(o: Fields): number {
  const v = count(o, 'statusCode', true);
  if (v < 100 || v > 599) throw new BadLine('statusCode must be an HTTP status (100-599)');
  return v;
}

function durationMs(o: Fields): number {
  const v = o['duration'];
  if (isMissing(v)) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new BadLine('duration must be a non-negative number');
  return Math.round(v);
}

function toRecord(o: Fields, folderTenantId: string | undefined): LegacyUsageRecord {
  const tenantId = optionalText(o, 'tenantId') ?? folderTenantId;
  if (tenantId === undefined) throw new BadLine('missing tenantId');
  const total = o['totalCost'];
  return {
    requestId: optionalText(o, 'requestId') ?? undefined,
    tenantId,
    ts: timestamp(o['timestamp']),
    model: requiredText(o, 'model'),
    inputTokens: count(o, 'inputTokens', true),
    outputTokens: count(o, 'outputTokens', true),
    // Versions before prompt caching wrote no cache fields: those requests had none.
    cacheCreationTokens: count(o, 'cacheCreationTokens', false),
    cacheReadTokens: count(o, 'cacheReadTokens', false),
    status: statusCode(o),
    durationMs: durationMs(o),
    upstream: optionalText(o, 'upstream'),
    userAgent: optionalText(o, 'userAgent'),
    originalTotalCostUsd: typeof total === 'number' && Number.isFinite(total) ? total : undefined,
  };
}

/**
 * Parses one line. `folderTenantId` is the tenant folder the file sits in, used when the line
 * itself names no tenant. Required: timestamp, model, inputTokens, outputTokens, statusCode.
 */
export function parseLegacyLine(line: string, folderTenantId: string | undefined): LegacyLineResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // The parser's message quotes the text, so it is not passed on.
    return { ok: false, reason: 'invalid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  try {
    return { ok: true, record: toRecord(value as Fields, folderTenantId) };
  } catch (err) {
    if (err instanceof BadLine) return { ok: false, reason: err.message };
    throw err;
  }
}
