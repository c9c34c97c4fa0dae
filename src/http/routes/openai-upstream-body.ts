// Reads a committed upstream answer for translation. Unlike pass-through, the gateway must see the
// plain bytes, so an answer compressed despite `accept-encoding: identity` is inflated here.
import { decodedBody } from '../../proxy/decoded-body.js';
import type { Committed } from '../../proxy/forward.js';
import { pumpBody } from '../../proxy/pump.js';
import type { FailureReason } from '../../routing/types.js';
import type { RequestContext } from '../context.js';
import { finishCommitted } from '../pass-through.js';

export { decodedBody };

/** The whole body, read and the attempt finished; a broken transfer is reported, not thrown. */
export async function readWholeBody(ctx: RequestContext, committed: Committed): Promise<{ body: Buffer; failure: FailureReason | undefined }> {
  // Answers used whole were read, capped and decoded by forward() before the commit point.
  if (committed.whole) {
    finishCommitted(committed, undefined);
    return { body: committed.whole.decoded, failure: undefined };
  }
  const chunks: Buffer[] = [];
  const end = await pumpBody(decodedBody(committed), (chunk) => void chunks.push(chunk), ctx.clientSignal, committed.totalTimedOut);
  const failure = end.ok ? undefined : end.reason;
  finishCommitted(committed, failure);
  return { body: Buffer.concat(chunks), failure };
}

/** The body as JSON, or undefined when it is not JSON (a proxy's HTML error page, a cut body). */
export function parseJsonOrUndefined(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
