// GET /openai/v1/models: what an OpenAI app may put in `model` — the admin's aliases whose Claude
// model the tenant may use, then the Claude ids it may use (the upstream's list, else the config's).
import { authenticate, modelAllowed } from '../../tenancy/authorize.js';
import { openaiModelsList } from '../../translate/openai-models.js';
import type { RequestContext } from '../context.js';
import { sendJson } from '../respond.js';
import { upstreamModels } from './anthropic-models.js';
import { knownModelIds } from './known-models.js';
import { assertOpenaiEnabled } from './openai-answers.js';

/** GET /openai/v1/models; errors are rendered in OpenAI's shape by the server's dispatcher. */
export async function handleOpenaiModels(ctx: RequestContext): Promise<void> {
  const { config, tenants } = ctx.gen;
  assertOpenaiEnabled(config);
  const tenant = authenticate(tenants, ctx.req.headers);
  ctx.access.tenantId = tenant.id;
  const aliases = Object.entries(config.openai.models).filter(([, target]) => modelAllowed(tenant, target)).map(([alias]) => alias);
  const claude = ((await upstreamModels(ctx))?.map((m) => m.id) ?? knownModelIds(config)).filter((id) => modelAllowed(tenant, id));
  sendJson(ctx.res, 200, openaiModelsList(aliases, claude, Math.floor(ctx.startedAt / 1000)));
  ctx.access.status = 200;
}
