// GET /anthropic/v1/models[/{id}]: the upstreams' model list, narrowed to what the tenant may
// use. It goes through the router like any request (cooling upstreams skipped, failover, the
// short metadata timeout). Mirrors without the endpoint (or with every upstream down) get a list
// built from the models the config names, so clients always see a useful answer.
import { GatewayError } from '../../domain/errors.js';
import { forward } from '../../proxy/forward.js';
import { authenticate, modelAllowed } from '../../tenancy/authorize.js';
import type { RequestContext } from '../context.js';
import { sendError, sendJson } from '../respond.js';
import { forwardDeps } from '../pipeline/forward-stage.js';
import { knownModelIds } from './known-models.js';

/** One model in Anthropic's list shape. */
export interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
}

/** An upstream's model list (the router picks which), or undefined when none gave one. */
export async function upstreamModels(ctx: RequestContext): Promise<AnthropicModel[] | undefined> {
  const result = await forward(
    {
      method: 'GET',
      path: '/v1/models',
      search: '?limit=1000',
      headers: { 'anthropic-version': ctx.req.headers['anthropic-version'] ?? '2023-06-01' },
      body: undefined,
      route: { tenantId: ctx.access.tenantId ?? '', model: '', sessionKey: undefined, anyUpstream: true },
      clientSignal: ctx.clientSignal,
      stream: false,
      metadata: true,
      expect: 'json',
    },
    forwardDeps(ctx),
  );
  if (result.kind === 'failed' || result.status !== 200) return undefined;
  const data = (result.whole?.json as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? data.filter((m): m is AnthropicModel => typeof (m as AnthropicModel | null)?.id === 'string') : undefined;
}

function localModels(ctx: RequestContext): AnthropicModel[] {
  return knownModelIds(ctx.gen.config).map((id) => ({ type: 'model', id, display_name: id, created_at: '1970-01-01T00:00:00Z' }));
}

/** Handles the model list and single-model routes. */
export async function handleModels(ctx: RequestContext, modelId: string | undefined): Promise<void> {
  try {
    const tenant = authenticate(ctx.gen.tenants, ctx.req.headers);
    ctx.access.tenantId = tenant.id;
    const all = (await upstreamModels(ctx)) ?? localModels(ctx);
    const allowed = all.filter((m) => modelAllowed(tenant, m.id));
    if (modelId !== undefined) {
      const one = allowed.find((m) => m.id === modelId);
      if (!one) throw new GatewayError('not_found', `Model ${modelId} not found or not allowed for this key`);
      sendJson(ctx.res, 200, one);
      return;
    }
    sendJson(ctx.res, 200, { data: allowed, has_more: false, first_id: allowed[0]?.id ?? null, last_id: allowed.at(-1)?.id ?? null });
    ctx.access.status = 200;
  } catch (err) {
    const gerr = err instanceof GatewayError ? err : new GatewayError('internal', 'Internal gateway error');
    ctx.access.status = gerr.status;
    sendError(ctx.res, 'anthropic', gerr, ctx.requestId);
  }
}
