// Sends a committed upstream answer to the client byte for byte, tapping usage on the side, and
// settles it before the last byte: the ledger row is written, then the response is ended.
import { GatewayError } from '../domain/errors.js';
import { anthropicErrorEvent } from '../protocol/anthropic-errors.js';
import type { Committed } from '../proxy/forward.js';
import { clientResponseHeaders } from '../proxy/headers.js';
import { pumpBody, writeChunk } from '../proxy/pump.js';
import { createUsageTap } from '../proxy/usage-tap.js';
import type { FailureReason } from '../routing/types.js';
import type { RequestContext } from './context.js';
import { settleRequest, type Ending } from './settle-request.js';

/** Anthropic error type and message sent when a stream breaks after the commit point. */
export function streamFailureEvent(reason: FailureReason): { type: string; message: string } {
  const timeout = reason === 'idle_timeout' || reason === 'total_timeout';
  return {
    type: timeout ? 'timeout_error' : 'api_error',
    message: timeout ? `Upstream stream stalled (${reason}); the answer is incomplete` : `Upstream stream broke (${reason}); the answer is incomplete`,
  };
}

/** Response headers every gateway answer carries. */
export function gatewayHeaders(ctx: RequestContext, ttfbMs: number | undefined): Record<string, string> {
  const totalMs = ctx.services.clock.now() - ctx.startedAt;
  const upstreamMs = ttfbMs ?? 0;
  return {
    'x-ccgate-request-id': ctx.requestId,
    'server-timing': `gateway;dur=${Math.max(0, totalMs - upstreamMs)}, upstream;dur=${upstreamMs}`,
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

/** Streams `committed` to the client unchanged; records usage; ends cleanly on any failure. */
export async function passThrough(ctx: RequestContext, committed: Committed, ending: Ending): Promise<void> {
  const { res } = ctx;
  const contentType = headerValue(committed.headers['content-type']);
  const isSse = (contentType ?? '').includes('text/event-stream');
  res.writeHead(committed.status, { ...clientResponseHeaders(committed.headers), ...gatewayHeaders(ctx, committed.ttfbMs) });
  const tap = createUsageTap(contentType, headerValue(committed.headers['content-encoding']));
  const end = await pumpBody(committed.body, (chunk) => {
    tap.push(chunk);
    return writeChunk(res, chunk);
  }, ctx.clientSignal, committed.totalTimedOut);
  const seen = await tap.finish();
  let failure: FailureReason | undefined = end.ok ? undefined : end.reason;
  // An event stream that ends without message_stop was cut upstream even if TCP closed cleanly.
  if (!failure && isSse && committed.status < 300 && !seen.complete && !seen.errorType) failure = 'stream_cut';
  finishCommitted(committed, failure);
  if (failure && isSse && failure !== 'client_aborted' && !res.destroyed) {
    const ev = streamFailureEvent(failure);
    res.write(anthropicErrorEvent(ev.type, ev.message));
  }
  await settleRequest(ctx, {
    ...ending,
    modelServed: seen.model ?? ending.modelServed,
    upstream: committed.attempt.upstream,
    attempts: committed.attempts,
    status: committed.status,
    errorType: failure ?? seen.errorType,
    usage: seen.usage,
    ttfbMs: committed.ttfbMs,
  });
  if (failure && !isSse) res.destroy(new GatewayError('upstream_error', failure));
  else res.end();
}

/** First value of a header. */
export function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
