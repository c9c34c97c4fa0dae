// Moves an upstream body to a consumer chunk by chunk, honouring backpressure, and says how it
// ended. Errors (idle timeout, cut connection, client gone) are values, not exceptions.
import type { Readable } from 'node:stream';
import type { ServerResponse } from 'node:http';
import type { FailureReason } from '../routing/types.js';
import { reasonFromError } from './classify-outcome.js';

/** How a body transfer ended. */
export type PumpEnd = { ok: true } | { ok: false; reason: FailureReason };

/** Writes a chunk to the client and waits for drain when its buffer is full (or it closed). */
export function writeChunk(res: ServerResponse, chunk: Uint8Array | string): Promise<void> | undefined {
  if (res.destroyed || res.write(chunk)) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Feeds every chunk of `body` to `onChunk` (awaiting it when it returns a promise). */
export async function pumpBody(
  body: Readable,
  onChunk: (chunk: Buffer) => Promise<void> | undefined,
  clientSignal: AbortSignal,
  totalTimedOut: () => boolean = () => false,
): Promise<PumpEnd> {
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const wait = onChunk(chunk);
      if (wait) await wait;
      if (clientSignal.aborted) return { ok: false, reason: 'client_aborted' };
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: reasonFromError(err, clientSignal.aborted, totalTimedOut()) };
  }
}
