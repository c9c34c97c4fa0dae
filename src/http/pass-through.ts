// Sends a committed upstream answer to the client byte for byte, tapping usage on the side, and
// settles it before the last byte: the ledger row is written, then the response is ended.
import { applyOutputEstimate } from '../domain/output-estimate.js';
import { anthropicErrorEvent } from '../protocol/anthropic-errors.js';
import { bodyEncoding } from '../proxy/decoded-body.js';
import { brokenAnswerMessage } from '../proxy/final-error.js';
import type { Committed } from '../proxy/forward.js';
import { clientResponseHeaders } from '../proxy/headers.js';
import { pumpBody, writeChunk } from '../proxy/pump.js';
import { createUsageTap, jsonUsage, type TapResult } from '../proxy/usage-tap.js';
import type { FailureReason } from '../routing/types.js';
import type { RequestContext } from './context.js';
import { settleRequest, type Ending } from './settle-request.js';

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

/** Passes `committed` to the client unchanged; records usage; ends cleanly on any failure. */
export async function passThrough(ctx: RequestContext, committed: Committed, ending: Ending): Promise<void> {
  if (committed.whole) return passWhole(ctx, committed, ending);
  return passStream(ctx, committed, ending);
}

/** Usage of a stream that did not finish: at least what its forwarded deltas are estimated at. */
export function settledUsage(seen: Pick<TapResult, 'usage' | 'finalUsage' | 'outputBytes'>, failure: FailureReason | undefined): { usage: TapResult['usage']; usageEstimated: boolean } {
  if (failure === undefined || seen.finalUsage) return { usage: seen.usage, usageEstimated: false };
  const usage = { ...seen.usage };
  return { usage, usageEstimated: applyOutputEstimate(usage, seen.outputBytes) };
}

function settleCommitted(ctx: RequestContext, committed: Committed, ending: Ending, seen: TapResult, failure: FailureReason | undefined): Promise<void> {
  const { usage, usageEstimated } = settledUsage(seen, failure);
  return settleRequest(ctx, {
    ...ending,
    modelServed: seen.model ?? ending.modelServed,
    upstream: committed.attempt.upstream,
    attempts: committed.attempts,
    status: committed.status,
    errorType: failure ?? seen.errorType,
    usage,
    usageEstimated,
    ttfbMs: committed.ttfbMs,
  });
}

/**
 * An event stream: each chunk goes out as it arrives (backpressure honoured). A stream compressed
 * despite `accept-encoding: identity` passes compressed; the tap inflates a copy, and the body is
 * read no faster than that copy inflates.
 */
async function passStream(ctx: RequestContext, committed: Committed, ending: Ending): Promise<void> {
  const { res } = ctx;
  ctx.access.ttfbMs = committed.ttfbMs;
  res.writeHead(committed.status, clientResponseHeaders(committed.headers));
  const { maxSseFrameBytes, maxDecompressedBytes, maxResponseBytes } = ctx.gen.config.proxy;
  const encoding = bodyEncoding(committed);
  // Past a cap the upstream is aborted at once: the pump then ends and the memory is freed. A
  // stream as a whole is capped too (far above any real answer), so endless pings end as well.
  const tap = createUsageTap('text/event-stream', encoding, { maxSseFrameBytes, maxDecompressedBytes, onLimit: () => committed.abort() });
  let received = 0;
  let tooLong = false;
  const end = await pumpBody(committed.body, (chunk) => {
    received += chunk.length;
    if (received > maxResponseBytes) {
      tooLong = true;
      committed.abort();
    }
    if (tooLong || !tap.push(chunk)) return undefined;
    const client = writeChunk(res, chunk);
    const inflating = tap.backlog();
    return client && inflating ? Promise.all([client, inflating]).then(() => undefined) : (client ?? inflating);
  }, ctx.clientSignal, committed.totalTimedOut);
  const seen = await tap.finish();
  let failure: FailureReason | undefined = seen.overLimit || tooLong ? 'response_too_large' : end.ok ? undefined : end.reason;
  // An event stream that ends without message_stop was cut upstream even if TCP closed cleanly.
  if (!failure && committed.status < 300 && !seen.complete && !seen.errorType) failure = 'stream_cut';
  finishCommitted(committed, failure);
  // The row is stored before the client can see the end, including an error event it acts on.
  await settleCommitted(ctx, committed, ending, seen, failure);
  if (failure && failure !== 'client_aborted' && !res.destroyed) {
    // A plain error event cannot follow compressed bytes: a broken compressed stream is cut
    // (the client sees the transfer break, never a body that decodes to garbage).
    if (encoding !== undefined) {
      res.destroy();
      return;
    }
    const ev = streamFailureEvent(failure);
    res.end(anthropicErrorEvent(ev.type, ev.message));
    return;
  }
  res.end();
}

/**
 * An answer read whole by forward() — checked, within the caps — is settled and sent in one write
 * with its length. The bytes are the upstream's.
 */
async function passWhole(ctx: RequestContext, committed: Committed, ending: Ending): Promise<void> {
  const whole = committed.whole!;
  finishCommitted(committed, undefined);
  await settleCommitted(ctx, committed, ending, jsonUsage(whole.json), undefined);
  if (ctx.clientSignal.aborted) return;
  ctx.access.ttfbMs = committed.ttfbMs;
  ctx.res.writeHead(committed.status, { ...clientResponseHeaders(committed.headers), 'content-length': String(whole.raw.length) });
  ctx.res.end(whole.raw);
}

/** First value of a header. */
export function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
