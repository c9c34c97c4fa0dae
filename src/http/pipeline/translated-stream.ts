// A streamed answer the gateway translates (the OpenAI chat and Responses endpoints): upstream SSE
// frames are parsed and fed to the endpoint's translator, its output written with backpressure.
// A broken upstream ends the stream with the translator's error event (never a hang), and the
// translator's last words (`[DONE]`, response.completed) wait until the ledger row is written. The
// caps on one SSE frame and the decompressed size apply as on the Anthropic endpoint, and a stream
// that did not finish is charged for the output it forwarded.
import { createSseReader, type SseFrame } from '../../protocol/sse.js';
import { bodyEncoding, decodedBody } from '../../proxy/decoded-body.js';
import type { Committed } from '../../proxy/forward.js';
import { pumpBody, writeChunk, type PumpEnd } from '../../proxy/pump.js';
import type { TapResult } from '../../proxy/usage-tap.js';
import type { FailureReason } from '../../routing/types.js';
import type { RequestContext } from '../context.js';
import { finishCommitted, settledUsage, streamFailureEvent } from './committed-answer.js';
import { settleRequest, type Ending } from './settle.js';

/** What the pipeline needs of an endpoint's stream translator (translate/anthropic-stream-to-*.ts). */
export interface StreamTranslator extends Pick<TapResult, 'usage' | 'finalUsage' | 'outputBytes'> {
  /** One upstream frame → the text to write (zero or more events). */
  frame(f: SseFrame): string;
  /** The gateway broke the stream: the endpoint's error event, then nothing more. */
  fail(errorType: string, message: string): string;
  /** Upstream ended: empty after a complete stream, an error event if it was cut. */
  end(): string;
  /** True once message_stop arrived and the endpoint's last event was emitted. */
  readonly completed: boolean;
  /** Anthropic error type of the error event sent, if any. */
  readonly errorType: string | undefined;
  /** `model` the upstream reported in message_start (what the ledger prices). */
  readonly servedModel: string | undefined;
}

const STREAM_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

/** Why a stream that reached its end is incomplete: pump failure, or no message_stop and no error. */
function streamFailure(ended: PumpEnd, t: StreamTranslator): FailureReason | undefined {
  if (!ended.ok) return ended.reason;
  return t.completed || t.errorType !== undefined ? undefined : 'stream_cut';
}

/** Streams the translated answer of a 2xx `committed`. */
export async function streamTranslated(ctx: RequestContext, committed: Committed, translator: StreamTranslator, ending: Ending, headers: Record<string, string>): Promise<void> {
  const { res } = ctx;
  res.writeHead(200, { ...STREAM_HEADERS, ...headers });
  res.flushHeaders();
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
  // (with the end: the tail and the chunked terminator in one write)
  if (pending !== '' && !res.destroyed) res.end(pending);
  else res.end();
}
