// A committed stream's body as plain bytes: an answer compressed despite `accept-encoding:
// identity` is inflated on the way (with backpressure), so the gateway can read it and, when it
// breaks, end it with an error event the client can still decode.
import { pipeline, type Readable } from 'node:stream';
import type { Committed } from './forward.js';
import { decompressorFor } from './usage-tap.js';

/** The content-encoding the body is inflated from, or undefined for a plain body. */
export function bodyEncoding(committed: Pick<Committed, 'headers'>): string | undefined {
  const v = committed.headers['content-encoding'];
  const encoding = Array.isArray(v) ? v[0] : v;
  return decompressorFor(encoding) ? encoding : undefined;
}

/** The committed body as plain bytes; transport errors (idle timeout, cut) still surface on it. */
export function decodedBody(committed: Pick<Committed, 'headers' | 'body'>): Readable {
  const inflater = decompressorFor(bodyEncoding(committed));
  // pipeline() destroys the inflater with the body's own error, so its code still classifies it.
  return inflater ? pipeline(committed.body, inflater, () => undefined) : committed.body;
}
