// Turns an upstream status or a transport error into an Outcome. Which statuses move a request to
// another upstream is policy (issue 3): 429, 500, 502, 503, 504 and 529 are worth another mirror;
// 400/404/413 would fail anywhere; 401/403 mean this mirror's key is bad.
import type { FailureReason, Outcome } from '../routing/types.js';

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504, 529]);
/** Longest retry-after we take from an upstream before capping (its quota may be spent for hours). */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** Parses `retry-after` (seconds or HTTP date) or `retry-after-ms` into milliseconds. */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>, nowMs: number): number | undefined {
  const msHeader = headers['retry-after-ms'];
  if (typeof msHeader === 'string' && /^\d+(\.\d+)?$/.test(msHeader.trim())) return Math.min(Number(msHeader), MAX_RETRY_AFTER_MS);
  const value = headers['retry-after'];
  if (typeof value !== 'string' || !value.trim()) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - nowMs), MAX_RETRY_AFTER_MS);
}

/** Outcome of an attempt that got response headers. */
export function outcomeFromStatus(status: number, latencyMs: number, retryAfter: number | undefined): Outcome {
  if (status < 400) return { kind: 'success', status, latencyMs };
  if (RETRYABLE_STATUS.has(status)) {
    const reason: FailureReason = status === 429 ? 'rate_limited' : status === 529 ? 'overloaded' : 'server_error';
    return retryAfter === undefined ? { kind: 'retryable', reason, status, latencyMs } : { kind: 'retryable', reason, status, latencyMs, retryAfterMs: retryAfter };
  }
  if (status === 401 || status === 403) return { kind: 'fatal', reason: 'auth_rejected', status, latencyMs };
  return { kind: 'fatal', reason: status >= 500 ? 'server_error' : 'client_error', status, latencyMs };
}

/** Failure reason of a transport error thrown by undici (before or during the body). */
export function reasonFromError(err: unknown, clientAborted: boolean, totalTimedOut: boolean): FailureReason {
  if (clientAborted) return 'client_aborted';
  if (totalTimedOut) return 'total_timeout';
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect_timeout';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'first_byte_timeout';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'idle_timeout';
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'stream_cut';
    default:
      return 'connect_error';
  }
}
