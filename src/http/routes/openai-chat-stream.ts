// The streamed answer of POST /openai/v1/chat/completions: upstream SSE frames are parsed, then
// translated into chat.completion.chunk lines with backpressure. A broken upstream ends the stream
// with an error line (never a hang), and `[DONE]` is held back until the ledger row is written.
// The caps on one SSE frame and the decompressed size apply as on the Anthropic endpoint, and a
// stream that did not finish is charged for the output it forwarded (pass-through.ts).
import { createSseReader } from '../../protocol/sse.js';
import type { Committed } from '../../proxy/forward.js';
import { pumpBody, writeChunk, type PumpEnd } from '../../proxy/pump.js';
import type { FailureReason } from '../../routing/types.js';
import { createOpenaiStreamTranslator, type OpenaiStreamTranslator } from '../../translate/anthropic-stream-to-openai.js';
import type { TranslatedOpenaiRequest } from '../../translate/openai-request-to-anthropic.js';
import type { RequestContext } from '../context.js';
import { bodyEncoding } from '../../proxy/decoded-body.js';
import { finishCommitted, settledUsage, streamFailureEvent } from '../pass-through.js';
import { settleRequest, type Ending } from '../settle-request.js';
import { decodedBody } from './openai-upstream-body.js';

const STREAM_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

/** Why a stream that reached its end is incomplete: pump failure, or no message_stop and no error. */
function streamFailure(ended: PumpEnd, t: OpenaiStreamTranslator): FailureReason | undefined {
  if (!ended.ok) return ended.reason;
  return t.completed || t.errorType !== undefined ? undefined : 'stream_cut';
}

/** Streams the translated answer of a 2xx `committed`; `identity` gives the chunks' id, created and model. */
export async function streamChatAnswer(
  ctx: RequestContext,
  committed: Committed,
  request: TranslatedOpenaiRequest,
  identity: { id: string; created: number; model: string },
  ending: Ending,
  headers: Record<string, string>,
): Promise<void> {
  const { res } = ctx;
  res.writeHead(200, { ...STREAM_HEADERS, ...headers });
  res.flushHeaders();
  const translator = createOpenaiStreamTranslator({ ...identity, includeUsage: request.includeUsage });
  let pending = '';
  const { maxSseFrameBytes, maxDecompressedBytes, maxResponseBytes } = ctx.gen.config.proxy;
  const reader = createSseReader((frame) => (pending += translator.frame(frame)), maxSseFrameBytes);
  // The stream as a whole is capped: as received, or after decompression when the upstream compressed.
  const decodedCap = bodyEncoding(committed) === undefined ? maxResponseBytes : maxDecompressedBytes;
  let decoded = 0;
  let overLimit = false;
  // One write per upstream chunk; once the stream completed, its tail waits for the ledger.
  const flush = (): Promise<void> | undefined => {
    if (pending === '' || translator.completed) return undefined;
    const out = pending;
    pending = '';
    return writeChunk(res, out);
  };
  const ended = await pumpBody(decodedBody(committed), (chunk) => {
    if (overLimit) return undefined;
    decoded += chunk.length;
    if (decoded > decodedCap || !reader.push(chunk)) {
      overLimit = true;
      committed.abort(); // the pump ends; nothing more is buffered
      return undefined;
    }
    return flush();
  }, ctx.clientSignal, committed.totalTimedOut);
  if (ended.ok && !overLimit) reader.end();
  const failure = overLimit ? 'response_too_large' : streamFailure(ended, translator);
  finishCommitted(committed, failure);
  if (failure !== undefined && failure !== 'client_aborted') {
    const ev = streamFailureEvent(failure);
    pending += translator.fail(ev.type, ev.message);
  }
  pending += translator.end();
  const { usage, usageEstimated } = settledUsage(translator, failure);
  await settleRequest(ctx, {
    ...ending,
    modelServed: translator.servedModel ?? ending.modelServed,
    status: 200,
    errorType: failure ?? translator.errorType,
    usage,
    usageEstimated,
    ttfbMs: committed.ttfbMs,
  });
  if (pending !== '' && !res.destroyed) res.write(pending);
  res.end();
}
