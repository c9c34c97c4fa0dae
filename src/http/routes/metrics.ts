// GET /metrics: the Prometheus text exposition of the gateway's own registry. Like /health it
// needs no key (scrapers rarely carry one); it names tenants and upstreams by id only.
import type { RequestContext } from '../context.js';

/** Answers the current metrics. */
export async function handleMetrics(ctx: RequestContext): Promise<void> {
  const { contentType, text } = await ctx.services.metrics.render();
  ctx.res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  ctx.res.end(text);
  ctx.access.status = 200;
}
