// Sends a committed upstream answer to the client byte for byte, tapping usage on the side, and
// settles it before the last byte: the ledger row is written, then the response is ended.
import { GatewayError } from '../domain/errors.js';
import { anthropicErrorEvent } from '../protocol/anthropic-errors.js';
import type { Committed } from '../proxy/forward.js';
import { clientResponseHeaders } from '../proxy/headers.js';
import { pumpBody, writeChunk } from '../proxy/pump.js';
import { createUsageTap, type TapResult } from '../proxy/usage-tap.js';
import type { FailureReason } from '../routing/types.js';
import type { RequestContext } from './context.js';
import { sendError } from './respond.js';
import { settleRequest, type Ending } from './settle-request.js';

/** Anthropic error type and message sent when a stream breaks after the commit point. */
export function streamFailureEvent(reason: FailureReason): { type: string; message: string } {
  const timeout = reason === 'idle_timeout' || reason === 'total_timeout';
  return {
    type: timeout ? 'timeout_error' : 'api_error',
    message: timeout ? `Upstream answer stalled (${reason}); the answer is incomplete` : `Upstream answer broke off (${reason}); the answer is incomplete`,
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
  const contentType = headerValue(committed.headers['content-type']);
  if ((contentType ?? '').includes('text/event-stream')) return passStream(ctx, committed, ending, contentType);
  return passWhole(ctx, committed, ending, contentType);
}

function settleCommitted(ctx: RequestContext, committed: Committed, ending: Ending, seen: TapResult, failure: FailureReason | undefined): Promise<void> {
  return settleRequest(ctx, {
    ...ending,
    modelServed: seen.model ?? ending.modelServed,
    upstream: committed.attempt.upstream,
    attempts: committed.attempts,
    status: committed.status,
    errorType: failure ?? seen.errorType,
    usage: seen.usage,
    ttfbMs: committed.ttfbMs,
  });
}

/** An event stream: each chunk goes out as it arrives (backpressure honoured). */
async function passStream(ctx: RequestContext, committed: Committed, ending: Ending, contentType: string | undefined): Promise<void> {
  const { res } = ctx;
  ctx.access.ttfbMs = committed.ttfbMs;
  res.writeHead(committed.status, clientResponseHeaders(committed.headers));
  const tap = createUsageTap(contentType, headerValue(committed.headers['content-encoding']));
  const end = await pumpBody(committed.body, (chunk) => {
    tap.push(chunk);
    return writeChunk(res, chunk);
  }, ctx.clientSignal, committed.totalTimedOut);
  const seen = await tap.finish();
  let failure: FailureReason | undefined = end.ok ? undefined : end.reason;
  // An event stream that ends without message_stop was cut upstream even if TCP closed cleanly.
  if (!failure && committed.status < 300 && !seen.complete && !seen.errorType) failure = 'stream_cut';
  finishCommitted(committed, failure);
  // The row is stored before the client can see the end, including an error event it acts on.
  await settleCommitted(ctx, committed, ending, seen, failure);
  if (failure && failure !== 'client_aborted' && !res.destroyed) {
    const ev = streamFailureEvent(failure);
    res.end(anthropicErrorEvent(ev.type, ev.message));
    return;
  }
  res.end();
}

/**
 * A JSON answer is small and only useful whole: it is read completely, settled, and sent in one
 * write with its length. The bytes are the upstream's; a body that breaks off becomes a clean
 * 502/504 error instead of truncated JSON.
 */
async function passWhole(ctx: RequestContext, committed: Committed, ending: Ending, contentType: string | undefined): Promise<void> {
  const tap = createUsageTap(contentType, headerValue(committed.headers['content-encoding']));
  const chunks: Buffer[] = [];
  const end = await pumpBody(committed.body, (chunk) => {
    tap.push(chunk);
    chunks.push(chunk);
    return undefined;
  }, ctx.clientSignal, committed.totalTimedOut);
  const seen = await tap.finish();
  const failure = end.ok ? undefined : end.reason;
  finishCommitted(committed, failure);
  await settleCommitted(ctx, committed, ending, seen, failure);
  if (failure === 'client_aborted') return;
  if (failure) {
    const timeout = failure === 'idle_timeout' || failure === 'total_timeout';
    sendError(ctx.res, 'anthropic', new GatewayError(timeout ? 'upstream_timeout' : 'upstream_error', streamFailureEvent(failure).message), ctx.requestId);
    return;
  }
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  ctx.access.ttfbMs = committed.ttfbMs;
  ctx.res.writeHead(committed.status, { ...clientResponseHeaders(committed.headers), 'content-length': String(body.length) });
  ctx.res.end(body);
}

/** First value of a header. */
export function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
