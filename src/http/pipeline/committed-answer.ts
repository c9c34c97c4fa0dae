// What every endpoint does with a committed upstream answer, whatever shape it renders it in: how
// the attempt is reported to routing, the error a broken stream ends with, what a stream that did
// not finish is charged, and reading a whole answer (inflated when a mirror compressed it anyway).
import { applyOutputEstimate } from '../../domain/output-estimate.js';
import { decodedBody } from '../../proxy/decoded-body.js';
import { brokenAnswerMessage } from '../../proxy/final-error.js';
import type { Committed } from '../../proxy/forward.js';
import { pumpBody } from '../../proxy/pump.js';
import type { TapResult } from '../../proxy/usage-tap.js';
import type { FailureReason } from '../../routing/types.js';
import type { RequestContext } from '../context.js';

/** Anthropic error type and message sent when a stream breaks after the commit point. */
export function streamFailureEvent(reason: FailureReason): { type: string; message: string } {
  const timeout = reason === 'idle_timeout' || reason === 'total_timeout';
  return {
    type: timeout ? 'timeout_error' : 'api_error',
    message: brokenAnswerMessage(reason) ?? `Upstream answer broke off (${reason}); the answer is incomplete`,
  };
}

/** Reports how the committed attempt ended: a client that left is fatal, a broken upstream retryable. */
export function finishCommitted(committed: Committed, failure: FailureReason | undefined): void {
  if (!failure) {
    committed.finish(committed.headerOutcome);
    return;
  }
  committed.abort();
  committed.finish(failure === 'client_aborted' ? { kind: 'fatal', reason: failure, latencyMs: committed.ttfbMs } : { kind: 'retryable', reason: failure, latencyMs: committed.ttfbMs });
}

/** Usage of a stream that did not finish: at least what its forwarded deltas are estimated at. */
export function settledUsage(seen: Pick<TapResult, 'usage' | 'finalUsage' | 'outputBytes'>, failure: FailureReason | undefined): { usage: TapResult['usage']; usageEstimated: boolean } {
  if (failure === undefined || seen.finalUsage) return { usage: seen.usage, usageEstimated: false };
  const usage = { ...seen.usage };
  return { usage, usageEstimated: applyOutputEstimate(usage, seen.outputBytes) };
}

/** The whole body, read and the attempt finished; a broken transfer is reported, not thrown. */
export async function readWholeBody(ctx: RequestContext, committed: Committed): Promise<{ body: Buffer; failure: FailureReason | undefined }> {
  // Answers used whole were read, capped and decoded by forward() before the commit point.
  if (committed.whole) {
    finishCommitted(committed, undefined);
    return { body: committed.whole.decoded, failure: undefined };
  }
  const chunks: Buffer[] = [];
  const end = await pumpBody(decodedBody(committed), (chunk) => void chunks.push(chunk), ctx.clientSignal, committed.totalTimedOut);
  const failure = end.ok ? undefined : end.reason;
  finishCommitted(committed, failure);
  return { body: Buffer.concat(chunks), failure };
}

/** The body as JSON, or undefined when it is not JSON (a proxy's HTML error page, a cut body). */
export function parseJsonOrUndefined(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** First value of a header. */
export function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
