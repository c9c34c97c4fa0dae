// Moves an upstream body to a consumer chunk by chunk, honouring backpressure, and says how it
// ended. Errors (idle timeout, cut connection, client gone) are values, not exceptions. Stream
// events rather than an async iterator: this runs for every chunk of every answer, and the
// iterator's promise per chunk was a measurable share of the gateway's CPU.
import type { Readable } from 'node:stream';
import type { ServerResponse } from 'node:http';
import type { FailureReason } from '../routing/types.js';
import type { AbortSignalLike } from './abort-flag.js';
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

const CLIENT_ABORTED: PumpEnd = { ok: false, reason: 'client_aborted' };
const OK: PumpEnd = { ok: true };

/**
 * Feeds every chunk of `body` to `onChunk`, pausing the body while a returned promise is
 * pending. Stops (and destroys the body) when the client is gone.
 */
export function pumpBody(
  body: Readable,
  onChunk: (chunk: Buffer) => Promise<void> | undefined | void,
  clientSignal: AbortSignalLike,
  totalTimedOut: () => boolean = () => false,
): Promise<PumpEnd> {
  return new Promise<PumpEnd>((resolve) => {
    let settled = false;
    const settle = (end: PumpEnd) => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      if (!end.ok && end.reason === 'client_aborted') body.destroy();
      resolve(end);
    };
    const onData = (chunk: Buffer) => {
      const wait = onChunk(chunk);
      if (clientSignal.aborted) return settle(CLIENT_ABORTED);
      if (!wait) return;
      body.pause();
      void wait.then(() => {
        if (clientSignal.aborted) settle(CLIENT_ABORTED);
        else if (!settled) body.resume();
      });
    };
    const onEnd = () => settle(OK);
    const onError = (err: unknown) => settle({ ok: false, reason: reasonFromError(err, clientSignal.aborted, totalTimedOut()) });
    // A body destroyed without an error (and without 'end') was cut short all the same.
    const onClose = () => settle(body.readableEnded ? OK : { ok: false, reason: reasonFromError(body.errored ?? new Error('premature close'), clientSignal.aborted, totalTimedOut()) });
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
    // A body whose first bytes were read and pushed back before the commit point is paused.
    body.resume();
  });
}
