// The Anthropic endpoint's answer: a committed upstream answer goes to the client byte for byte,
// usage tapped on the side, and is settled before the last byte: the ledger row is written, then
// the response is ended.
import { anthropicErrorEvent } from '../protocol/anthropic-errors.js';
import { bodyEncoding } from '../proxy/decoded-body.js';
import type { Committed } from '../proxy/forward.js';
import { clientResponseHeaders } from '../proxy/headers.js';
import { pumpBody, writeChunk } from '../proxy/pump.js';
import { createUsageTap, jsonUsage, type TapResult } from '../proxy/usage-tap.js';
import type { FailureReason } from '../routing/types.js';
import type { RequestContext } from './context.js';
import { finishCommitted, settledUsage, streamFailureEvent } from './pipeline/committed-answer.js';
import { settleRequest, type Ending } from './pipeline/settle.js';

/** Passes `committed` to the client unchanged; records usage; ends cleanly on any failure. */
export async function passThrough(ctx: RequestContext, committed: Committed, ending: Ending): Promise<void> {
  if (committed.whole) return passWhole(ctx, committed, ending);
  return passStream(ctx, committed, ending);
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
 * An event stream: each chunk goes out as it arrives (backpressure honoured), except the one that
 * completes it (message_stop): that chunk is held and sent with the end of the response once the
 * row is stored. So the client sees the answer complete only when it is paid for, and the last
 * bytes, the chunked terminator and — for an answer that came in one chunk — the headers go out in
 * one write instead of two. A stream compressed despite `accept-encoding: identity` passes
 * compressed (the tap inflates a copy, later than the bytes pass, so nothing is held); the body is
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
  const tap = createUsageTap(encoding, { maxSseFrameBytes, maxDecompressedBytes, onLimit: () => committed.abort() });
  let received = 0;
  let tooLong = false;
  let held: Buffer | undefined;
  const end = await pumpBody(committed.body, (chunk) => {
    received += chunk.length;
    if (received > maxResponseBytes) {
      tooLong = true;
      committed.abort();
    }
    if (tooLong || !tap.push(chunk)) return undefined;
    if (held) {
      // (bytes after message_stop: rare, but the client gets them all, in order)
      res.write(held);
      held = undefined;
    }
    if (encoding === undefined && tap.current().complete) {
      held = chunk;
      return undefined;
    }
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
    if (held) res.write(held);
    const ev = streamFailureEvent(failure);
    res.end(anthropicErrorEvent(ev.type, ev.message));
    return;
  }
  if (held) res.end(held);
  else res.end();
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
