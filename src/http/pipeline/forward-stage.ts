// The route and forward stages: the prepared request goes to an upstream the router picks, with
// failover before the first byte; a failed forward becomes the error the client gets.
import type { TenantConfig } from '../../config/types.js';
import { forward, type Committed, type Failed, type ForwardDeps } from '../../proxy/forward.js';
import type { RequestContext } from '../context.js';
import { reparsedRequest, type Forwarded, type PreparedRequest, type UpstreamCall } from './endpoint.js';
import type { Ending } from './settle.js';

/** Router, pools, clock and the response caps of the request's config generation. */
export function forwardDeps(ctx: RequestContext): ForwardDeps {
  return { router: ctx.gen.router, pools: ctx.services.pools, clock: ctx.services.clock, limits: ctx.gen.config.proxy };
}

/**
 * Body bytes for an upstream: the prepared ones unless the upstream renames the model; then the
 * prepared bytes (already checked JSON, see `Forwarded`) are parsed again with the model replaced.
 */
export function bodyForModel(body: Buffer, model: string): (upstreamModel: string) => Buffer {
  return (upstreamModel) => {
    if (upstreamModel === model) return body;
    return Buffer.from(JSON.stringify({ ...reparsedRequest({ body }), model: upstreamModel }));
  };
}

/** Throws a failed forward's error, recording what decided it (a broken answer, a client that left). */
export function throwFailed(ending: Ending, result: Failed): never {
  // A client that left is recorded by the error's own code (client_closed, 499), like every refusal.
  if (result.reason !== undefined && result.reason !== 'client_aborted') ending.errorType ??= result.reason;
  throw result.error;
}

/** Forwards `p` for `tenant`; the committed answer, or throws the error the client gets. */
export async function forwardPrepared(ctx: RequestContext, tenant: TenantConfig, p: Forwarded<PreparedRequest>, call: UpstreamCall, ending: Ending): Promise<Committed> {
  const result = await forward(
    {
      method: 'POST',
      ...call,
      body: bodyForModel(p.body, p.model),
      route: { tenantId: tenant.id, model: p.model, sessionKey: p.sessionKey },
      clientSignal: ctx.clientSignal,
      stream: p.stream && call.metadata !== true,
    },
    forwardDeps(ctx),
  );
  ending.attempts = result.attempts;
  if (result.kind === 'failed') throwFailed(ending, result);
  return result;
}
