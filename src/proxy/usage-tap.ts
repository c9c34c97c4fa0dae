// Reads usage from a streamed response while its bytes pass to the client unchanged. Only the
// frames that carry usage (message_start, message_delta, error) are JSON-parsed; of the content
// deltas only the size is taken (delta-size.ts), so a stream cut short can be charged for what it
// forwarded. A compressed answer is inflated on a side branch; the client still gets the compressed
// bytes as sent. The caps on one SSE frame and on the decompressed size are enforced here: past
// one, `onLimit` is called once and nothing more is read. Whole (non-streaming) answers are not
// tapped: forward.ts reads them once (read-answer.ts: one concatenation, one parse) and their usage
// is taken from the parsed body with `jsonUsage`.
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { emptyUsage, type Usage } from '../domain/usage.js';
import { applyAnthropicUsage } from '../protocol/anthropic-usage.js';
import type { AnthropicStreamEvent, AnthropicUsage } from '../protocol/anthropic-types.js';
import { deltaOutputBytes } from '../protocol/delta-size.js';
import { createSseReader, type SseFrame } from '../protocol/sse.js';

/** What the tap learned from a response. */
export interface TapResult {
  usage: Usage;
  /** `model` reported by the upstream, if seen. */
  model: string | undefined;
  /** True when the stream reached message_stop (or the JSON body parsed). */
  complete: boolean;
  /** Error type from an `event: error` frame or a JSON error body. */
  errorType: string | undefined;
  /** True once message_delta brought the final usage. */
  finalUsage: boolean;
  /** UTF-8 bytes of text, thinking and tool-input deltas seen (for the estimate of a cut stream). */
  outputBytes: number;
  /** True when a cap (one SSE frame, decompressed size) stopped the tap. */
  overLimit: boolean;
}

/** Receives response chunks; `finish()` resolves once every byte was read. */
export interface UsageTap {
  /** Feeds a chunk; false once a cap was passed (the caller stops and aborts the upstream). */
  push(chunk: Uint8Array): boolean;
  /**
   * For a compressed answer whose side inflater has fallen behind: resolves once it caught up.
   * The caller waits before reading more, so compressed input never piles up in memory.
   */
  backlog(): Promise<void> | undefined;
  finish(): Promise<TapResult>;
  /** Result so far, for cut streams. */
  current(): TapResult;
}

/** Caps of a tap, in bytes, and who hears when one is passed (possibly after push returned true: inflating is asynchronous). */
export interface TapLimits {
  maxSseFrameBytes: number;
  maxDecompressedBytes: number;
  onLimit?: () => void;
}

/** An inflater for a content-encoding, or undefined for identity (and unknown encodings). */
export function decompressorFor(encoding: string | undefined): Transform | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

function onStreamFrame(state: TapResult, frame: SseFrame): void {
  // The event name equals the data's type (reference/anthropic-wire.md): only frames that carry
  // usage, the model or an error are parsed; the end is known from the name alone.
  switch (frame.event) {
    case 'content_block_delta':
      state.outputBytes += deltaOutputBytes(frame.data);
      return;
    case 'message_stop':
      state.complete = true;
      return;
    case 'message_start':
    case 'message_delta':
    case 'error':
      break;
    default:
      return;
  }
  let event: AnthropicStreamEvent;
  try {
    event = JSON.parse(frame.data) as AnthropicStreamEvent;
  } catch {
    return;
  }
  switch (event.type) {
    case 'message_start':
      applyAnthropicUsage(state.usage, event.message?.usage);
      if (typeof event.message?.model === 'string') state.model = event.message.model;
      break;
    case 'message_delta':
      applyAnthropicUsage(state.usage, event.usage);
      if (typeof event.usage?.output_tokens === 'number') state.finalUsage = true;
      break;
    case 'error':
      state.errorType = event.error?.type ?? 'error';
      break;
    default:
      break;
  }
}

function emptyResult(): TapResult {
  return { usage: emptyUsage(), model: undefined, complete: false, errorType: undefined, finalUsage: false, outputBytes: 0, overLimit: false };
}

/** Usage, model and error type of a whole answer already parsed (JSON message or error body). */
export function jsonUsage(json: unknown): TapResult {
  const state = emptyResult();
  if (typeof json !== 'object' || json === null) return state;
  const body = json as { type?: string; model?: unknown; usage?: AnthropicUsage; error?: { type?: string } };
  if (body.type === 'error') {
    state.errorType = body.error?.type ?? 'error';
    return state;
  }
  applyAnthropicUsage(state.usage, body.usage);
  if (typeof body.model === 'string') state.model = body.model;
  state.complete = true;
  state.finalUsage = true;
  return state;
}

const NO_LIMITS: TapLimits = { maxSseFrameBytes: Infinity, maxDecompressedBytes: Infinity };

/** Creates a tap for an event stream with the given content encoding. */
export function createUsageTap(contentEncoding: string | undefined, limits: TapLimits = NO_LIMITS): UsageTap {
  const state = emptyResult();
  const overLimit = () => {
    if (state.overLimit) return;
    state.overLimit = true;
    limits.onLimit?.();
  };
  const sse = createSseReader((f) => onStreamFrame(state, f), limits.maxSseFrameBytes);
  let decodedBytes = 0;
  const inflater = decompressorFor(contentEncoding);
  const inflated = inflater
    ? new Promise<void>((resolve) => {
        inflater.on('data', (chunk: Buffer) => {
          if (state.overLimit) return;
          decodedBytes += chunk.length;
          if (decodedBytes > limits.maxDecompressedBytes || !sse.push(chunk)) {
            overLimit();
            inflater.destroy();
            resolve();
          }
        });
        inflater.on('end', resolve);
        inflater.on('close', resolve);
        inflater.on('error', () => resolve()); // a corrupt body: usage stays what was seen
      })
    : undefined;
  return {
    push(chunk) {
      if (state.overLimit) return false;
      if (inflater) {
        if (!inflater.destroyed) inflater.write(chunk);
        return !state.overLimit;
      }
      if (!sse.push(chunk)) overLimit();
      return !state.overLimit;
    },
    backlog() {
      if (!inflater || inflater.destroyed || !inflater.writableNeedDrain) return undefined;
      return new Promise<void>((resolve) => {
        const done = () => {
          inflater.off('drain', done);
          inflater.off('close', done);
          resolve();
        };
        inflater.on('drain', done);
        inflater.on('close', done);
      });
    },
    async finish() {
      if (inflater && inflated) {
        if (!inflater.destroyed) inflater.end();
        await inflated;
      }
      if (!state.overLimit) sse.end();
      return state;
    },
    current() {
      return state;
    },
  };
}
