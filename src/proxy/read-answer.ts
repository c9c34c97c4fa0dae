// Reads an upstream answer that is used whole (a non-streaming message, an error, count_tokens, the
// model list) before the commit point, within the caps: bytes as received and bytes after
// decompression. Past a cap the transfer stops at once and the buffers are dropped.
import type { Readable } from 'node:stream';
import { brotliDecompress, gunzip, inflate, type InputType, type ZlibOptions } from 'node:zlib';
import type { FailureReason } from '../routing/types.js';
import type { AbortSignalLike } from './abort-flag.js';
import { reasonFromError } from './classify-outcome.js';

/** The caps on what an upstream may send, in bytes (server.json `proxy`). */
export interface ResponseLimits {
  /** A body read whole, as received (compressed or not). */
  maxResponseBytes: number;
  /** Any body after decompression. */
  maxDecompressedBytes: number;
  /** One SSE frame of a stream. */
  maxSseFrameBytes: number;
}

/** The defaults of server.json `proxy`: generous for real Claude answers (a 128k-token answer is ~0.5 MB). */
export const DEFAULT_RESPONSE_LIMITS: Readonly<ResponseLimits> = { maxResponseBytes: 64 << 20, maxDecompressedBytes: 64 << 20, maxSseFrameBytes: 16 << 20 };

/** A body read whole: raw bytes as sent, plain bytes, and the parsed JSON (undefined when not JSON). */
export interface WholeAnswer {
  raw: Buffer;
  decoded: Buffer;
  json: unknown;
}

/** How reading ended. */
export type ReadWhole = { ok: true; answer: WholeAnswer } | { ok: false; reason: FailureReason };

type Inflate = (buf: InputType, options: ZlibOptions, cb: (err: Error | null, result: Buffer) => void) => void;

function inflaterFor(encoding: string | undefined): Inflate | 'identity' | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case '':
    case 'identity':
      return 'identity';
    case 'gzip':
    case 'x-gzip':
      return gunzip;
    case 'deflate':
      return inflate;
    case 'br':
      return brotliDecompress as Inflate;
    default:
      return undefined;
  }
}

/** Collects `body` up to `maxBytes`; past it the body is destroyed and the chunks dropped. */
export function collectBody(body: Readable, maxBytes: number, clientSignal: AbortSignalLike, totalTimedOut: () => boolean): Promise<{ ok: true; raw: Buffer } | { ok: false; reason: FailureReason }> {
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const done = (result: { ok: true; raw: Buffer } | { ok: false; reason: FailureReason }) => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks = [];
        body.on('error', () => undefined);
        body.destroy();
        done({ ok: false, reason: 'response_too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done({ ok: true, raw: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    const onError = (err: unknown) => done({ ok: false, reason: reasonFromError(err, clientSignal.aborted, totalTimedOut()) });
    const onClose = () => {
      if (!body.readableEnded) onError(body.errored ?? new Error('premature close'));
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
    body.resume();
  });
}

/** Inflates `raw` per its content-encoding, at most `maxBytes` of output (a gzip bomb stops there). */
export function decodeBody(raw: Buffer, encoding: string | undefined, maxBytes: number): Promise<{ ok: true; decoded: Buffer } | { ok: false; reason: FailureReason }> {
  const inflater = inflaterFor(encoding);
  if (inflater === 'identity' || inflater === undefined) return Promise.resolve({ ok: true, decoded: raw });
  return new Promise((resolve) => {
    // zlib's maxOutputLength makes the inflater stop with a RangeError instead of growing on.
    inflater(raw, { maxOutputLength: maxBytes }, (err, result) => {
      if (!err) resolve({ ok: true, decoded: result });
      else resolve({ ok: false, reason: (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError ? 'response_too_large' : 'invalid_response' });
    });
  });
}

/** The body as JSON, or undefined when it is not JSON. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Reads, decodes and parses a whole answer within `limits` (`maxBytes` lowers the raw cap, e.g. for error bodies). */
export async function readWholeAnswer(body: Readable, encoding: string | undefined, limits: ResponseLimits, clientSignal: AbortSignalLike, totalTimedOut: () => boolean, maxBytes = limits.maxResponseBytes): Promise<ReadWhole> {
  const collected = await collectBody(body, Math.min(maxBytes, limits.maxResponseBytes), clientSignal, totalTimedOut);
  if (!collected.ok) return collected;
  const decoded = await decodeBody(collected.raw, encoding, limits.maxDecompressedBytes);
  if (!decoded.ok) return decoded;
  return { ok: true, answer: { raw: collected.raw, decoded: decoded.decoded, json: decoded.decoded.length === 0 ? undefined : parseJson(decoded.decoded) } };
}
