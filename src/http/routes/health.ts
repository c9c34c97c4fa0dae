// GET /health: liveness plus each upstream's state, for anyone (load balancers, `ccgate health`).
// Never shows keys, URLs or anything per tenant: tenants' tokens and spend are on /metrics, behind
// its token.
import { upstreamHealthView } from '../../observability/upstream-health-view.js';
import type { RequestContext } from '../context.js';
import { sendJson } from '../respond.js';

/** Answers the health document. */
export async function handleHealth(ctx: RequestContext): Promise<void> {
  const { config } = ctx.gen;
  const upstreams = ctx.gen.upstreamStatus();
  const healthy = upstreams.filter((u) => u.state === 'healthy').length;
  sendJson(ctx.res, 200, {
    status: config.upstreams.length === 0 ? 'no_upstream' : healthy > 0 ? 'ok' : 'degraded',
    version: ctx.services.version,
    uptimeSec: Math.round(process.uptime()),
    inFlight: ctx.services.inFlight(),
    upstreams: upstreams.map(upstreamHealthView),
    unpricedModels: ctx.services.flaggedModels.list(),
    ...(config.upstreams.length === 0 ? { hint: 'No upstream is configured: add one to config/upstreams.json' } : {}),
  });
  ctx.access.status = 200;
}
