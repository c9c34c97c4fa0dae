// Reads usage from a response while its bytes pass to the client unchanged. Streams: only the
// frames that carry usage (message_start, message_delta, error) are JSON-parsed. JSON answers:
// chunks are kept (by reference) and parsed once at the end. A compressed answer is inflated on
// a side branch; the client still gets the compressed bytes as sent.
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { emptyUsage, type Usage } from '../domain/usage.js';
import { applyAnthropicUsage } from '../protocol/anthropic-usage.js';
import type { AnthropicStreamEvent, AnthropicUsage } from '../protocol/anthropic-types.js';
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
}

/** Receives response chunks; `finish()` resolves once every byte was read. */
export interface UsageTap {
  push(chunk: Uint8Array): void;
  finish(): Promise<TapResult>;
  /** Result so far, for cut streams. */
  current(): TapResult;
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
  if (frame.event === 'message_stop') {
    state.complete = true;
    return;
  }
  if (frame.event !== 'message_start' && frame.event !== 'message_delta' && frame.event !== 'error') return;
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
      break;
    case 'error':
      state.errorType = event.error?.type ?? 'error';
      break;
    default:
      break;
  }
}

function onJsonBody(state: TapResult, text: string): void {
  let body: { type?: string; model?: unknown; usage?: AnthropicUsage; error?: { type?: string } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return;
  }
  if (body.type === 'error') {
    state.errorType = body.error?.type ?? 'error';
    return;
  }
  applyAnthropicUsage(state.usage, body.usage);
  if (typeof body.model === 'string') state.model = body.model;
  state.complete = true;
}

/** Creates a tap for a response with the given content type and encoding. */
export function createUsageTap(contentType: string | undefined, contentEncoding: string | undefined): UsageTap {
  const state: TapResult = { usage: emptyUsage(), model: undefined, complete: false, errorType: undefined };
  const isStream = (contentType ?? '').includes('text/event-stream');
  const chunks: Buffer[] = [];
  const sse = isStream ? createSseReader((f) => onStreamFrame(state, f)) : undefined;
  const consume = (chunk: Uint8Array): void => {
    if (sse) sse.push(chunk);
    else chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  };
  const inflater = decompressorFor(contentEncoding);
  const inflated = inflater
    ? new Promise<void>((resolve) => {
        inflater.on('data', consume);
        inflater.on('end', resolve);
        inflater.on('error', () => resolve()); // a corrupt body: usage stays what was seen
      })
    : undefined;
  const finalize = (): TapResult => {
    if (sse) sse.end();
    else onJsonBody(state, Buffer.concat(chunks).toString('utf8'));
    return state;
  };
  return {
    push(chunk) {
      if (inflater) inflater.write(chunk);
      else consume(chunk);
    },
    async finish() {
      if (inflater && inflated) {
        inflater.end();
        await inflated;
      }
      return finalize();
    },
    current() {
      return state;
    },
  };
}
