// Checks a 2xx event stream before the commit point: the bytes up to its first real event are read
// (pings and comments skipped) and that event must be `message_start` with a message, as Anthropic
// sends (reference/anthropic-wire.md). An `error` event first is read like an error status (a
// mirror that says "overloaded" with a 200 is failed over); anything else is not the protocol.
// The bytes read are handed back so the client still gets the stream from its first byte.
import { Readable, type Transform } from 'node:stream';
import { createSseReader, type SseFrame, type SseReader } from '../protocol/sse.js';
import type { FailureReason } from '../routing/types.js';
import type { AbortSignalLike } from './abort-flag.js';
import { reasonFromError } from './classify-outcome.js';
import type { ResponseLimits } from './read-answer.js';
import { decompressorFor } from './usage-tap.js';

/** HTTP status of each Anthropic error type (reference/anthropic-wire.md "Errors"). */
const STATUS_OF_ERROR_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** What the first event said; `body` is the whole stream again, from its first byte. */
export type FirstEvent =
  | { kind: 'message'; body: Readable }
  /** An `error` event first: read like an answer with this status and error text. */
  | { kind: 'error'; body: Readable; status: number; text: string }
  | { kind: 'failed'; reason: FailureReason };

function judge(frame: SseFrame): { kind: 'message' } | { kind: 'error'; status: number; text: string } | { kind: 'invalid' } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(frame.data);
  } catch {
    return { kind: 'invalid' };
  }
  if (typeof data !== 'object' || data === null) return { kind: 'invalid' };
  const obj = data as { type?: unknown; message?: unknown; error?: { type?: unknown; message?: unknown } };
  const type = frame.event ?? obj.type;
  if (type === 'ping') return undefined;
  if (type === 'message_start' && typeof obj.message === 'object' && obj.message !== null) return { kind: 'message' };
  if (type === 'error') {
    const errType = typeof obj.error?.type === 'string' ? obj.error.type : 'api_error';
    return { kind: 'error', status: STATUS_OF_ERROR_TYPE[errType] ?? 500, text: `${errType} ${typeof obj.error?.message === 'string' ? obj.error.message : ''}` };
  }
  return { kind: 'invalid' };
}

const EVENT_LINE = Buffer.from('event: message_start\ndata: ');

/**
 * The common case without a parser (this runs for every stream): a first chunk that starts with a
 * whole `message_start` frame of one data line, as Anthropic and most mirrors send it. Anything
 * else — CRLF, pings first, a split frame — takes the full SSE reader.
 */
function quickMessageStart(chunk: Buffer): boolean {
  if (chunk.length < EVENT_LINE.length || chunk.compare(EVENT_LINE, 0, EVENT_LINE.length, 0, EVENT_LINE.length) !== 0) return false;
  const end = chunk.indexOf('\n\n', EVENT_LINE.length);
  if (end < 0) return false;
  try {
    const data = JSON.parse(chunk.toString('utf8', EVENT_LINE.length, end)) as { type?: unknown; message?: unknown } | null;
    return data?.type === 'message_start' && typeof data.message === 'object' && data.message !== null;
  } catch {
    return false;
  }
}

/**
 * Reads `body` up to its first real event. On success the body is left paused with nothing
 * consumed from the caller's point of view: the prefix is pushed back (`unshift`) and comes first
 * (or, when the body already ended — a short compressed answer — a new stream of the prefix).
 */
export function readFirstEvent(body: Readable, contentEncoding: string | undefined, limits: ResponseLimits, clientSignal: AbortSignalLike, totalTimedOut: () => boolean): Promise<FirstEvent> {
  return new Promise((resolve) => {
    const prefix: Buffer[] = [];
    let rawBytes = 0;
    let decodedBytes = 0;
    let decided = false;
    let ended = false;
    let inflater: Transform | undefined;
    const replay = (): Readable => {
      const all = prefix.length === 1 ? prefix[0]! : Buffer.concat(prefix, rawBytes);
      if (ended) return Readable.from([all]);
      body.pause();
      body.unshift(all);
      return body;
    };
    const finish = (result: { kind: 'message' } | { kind: 'error'; status: number; text: string } | { kind: 'failed'; reason: FailureReason }) => {
      if (decided) return;
      decided = true;
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      inflater?.destroy();
      if (result.kind === 'failed') {
        body.on('error', () => undefined);
        body.destroy();
        resolve(result);
        return;
      }
      resolve({ ...result, body: replay() });
    };
    let reader: SseReader | undefined;
    const feed = (plain: Buffer) => {
      reader ??= createSseReader((frame) => {
        if (decided) return;
        const verdict = judge(frame);
        if (verdict === undefined) return;
        finish(verdict.kind === 'invalid' ? { kind: 'failed', reason: 'invalid_response' } : verdict);
      }, limits.maxSseFrameBytes);
      decodedBytes += plain.length;
      if (!reader.push(plain) || decodedBytes > limits.maxDecompressedBytes) finish({ kind: 'failed', reason: 'response_too_large' });
    };
    inflater = decompressorFor(contentEncoding);
    inflater?.on('data', (c: Buffer) => !decided && feed(c));
    inflater?.on('error', () => finish({ kind: 'failed', reason: 'invalid_response' }));
    inflater?.on('end', () => finish({ kind: 'failed', reason: 'invalid_response' }));
    const onData = (chunk: Buffer) => {
      if (decided) return;
      if (prefix.length === 0 && !inflater && quickMessageStart(chunk)) {
        prefix.push(chunk);
        rawBytes = chunk.length;
        finish({ kind: 'message' });
        return;
      }
      // Pause first: if the event is decided in this call, no further chunk may be emitted before
      // the prefix is pushed back.
      body.pause();
      prefix.push(chunk);
      rawBytes += chunk.length;
      // A compressed answer is read no faster than it inflates (else a bomb piles up here).
      if (inflater && !inflater.write(chunk)) inflater.once('drain', () => !decided && body.resume());
      else {
        if (!inflater) feed(chunk);
        if (!decided) body.resume();
      }
    };
    // An answer that ends (or breaks) before its first event is no stream at all. A compressed
    // one is decided once the inflater has given out everything.
    const onEnd = () => {
      ended = true;
      if (inflater) inflater.end();
      else finish({ kind: 'failed', reason: 'invalid_response' });
    };
    const onError = (err: unknown) => finish({ kind: 'failed', reason: reasonFromError(err, clientSignal.aborted, totalTimedOut()) });
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
