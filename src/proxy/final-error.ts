// The answer when no upstream is left: the plan's refusal (503, or 429 when every upstream is rate
// limited), unless the attempts say something more precise — all timed out (504), or the last one
// sent an answer that was broken, invalid or too large (502/504 naming that), which is what the
// client would have seen with a single upstream.
import { GatewayError } from '../domain/errors.js';
import type { FailureReason } from '../routing/types.js';
import type { AttemptLog, Failed } from './forward.js';

const TIMEOUTS = new Set<FailureReason | undefined>(['first_byte_timeout', 'connect_timeout', 'total_timeout']);

/** Message of an answer that broke off or could not be used (also the text of a stream's error event). */
export function brokenAnswerMessage(reason: FailureReason): string | undefined {
  switch (reason) {
    case 'idle_timeout':
    case 'total_timeout':
      return `Upstream answer stalled (${reason}); the answer is incomplete`;
    case 'stream_cut':
      return `Upstream answer broke off (${reason}); the answer is incomplete`;
    case 'invalid_response':
      return 'The upstream answer is not a valid Anthropic response (wrong content type or framing)';
    case 'response_too_large':
      return "The upstream answer passed the gateway's size limit (proxy.maxResponseBytes, maxDecompressedBytes or maxSseFrameBytes)";
    default:
      return undefined;
  }
}

/** The Failed result once the plan has no attempt left (`planError`). */
export function finalError(attempts: AttemptLog[], planError: GatewayError): Failed {
  if (planError.code !== 'upstreams_unavailable') return { kind: 'failed', error: planError, attempts };
  const retryAfter = planError.retryAfterSec === undefined ? {} : { retryAfterSec: planError.retryAfterSec };
  const last = attempts.at(-1)?.reason;
  const message = last === undefined ? undefined : brokenAnswerMessage(last);
  if (last !== undefined && message !== undefined) {
    const timeout = last === 'idle_timeout' || last === 'total_timeout';
    return { kind: 'failed', error: new GatewayError(timeout ? 'upstream_timeout' : 'upstream_error', message), attempts, reason: last };
  }
  // When every failed attempt was a timeout, say so (504) rather than a generic 503.
  if (attempts.length > 0 && attempts.every((a) => TIMEOUTS.has(a.reason))) return { kind: 'failed', error: new GatewayError('upstream_timeout', 'Upstream did not answer in time', retryAfter), attempts };
  return { kind: 'failed', error: planError, attempts };
}
