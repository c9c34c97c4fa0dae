// GET /anthropic/v1/models[/{id}]: the upstreams' model list, narrowed to what the tenant may
// use. Mirrors without the endpoint (or with every upstream down) get a list built from the
// models the config names, so clients always see a useful answer.
import { GatewayError } from '../../domain/errors.js';
import { upstreamRequestHeaders } from '../../proxy/headers.js';
import { authenticate, modelAllowed } from '../../tenancy/authorize.js';
import type { RequestContext } from '../context.js';
import { sendError, sendJson } from '../respond.js';
import { knownModelIds } from './known-models.js';

/** One model in Anthropic's list shape. */
export interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
}

const FETCH_TIMEOUT_MS = 10_000;

/** The first enabled upstream's model list, or undefined when none answers. */
export async function upstreamModels(ctx: RequestContext): Promise<AnthropicModel[] | undefined> {
  for (const upstream of ctx.gen.config.upstreams) {
    if (!upstream.enabled) continue;
    try {
      const res = await ctx.services.pools.get(upstream).request({
        method: 'GET',
        path: `${upstream.pathPrefix}/v1/models?limit=1000`,
        headers: upstreamRequestHeaders({ 'anthropic-version': ctx.req.headers['anthropic-version'] ?? '2023-06-01' }, upstream),
        headersTimeout: FETCH_TIMEOUT_MS,
        bodyTimeout: FETCH_TIMEOUT_MS,
        signal: ctx.clientSignal,
      });
      if (res.statusCode !== 200) {
        res.body.resume();
        continue;
      }
      const body = (await res.body.json()) as { data?: unknown };
      if (Array.isArray(body.data)) return body.data.filter((m): m is AnthropicModel => typeof (m as AnthropicModel)?.id === 'string');
    } catch {
      // next upstream
    }
  }
  return undefined;
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
