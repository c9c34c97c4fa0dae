// GET /metrics: the Prometheus text exposition of the gateway's own registry. It names tenants
// with their tokens and spend, so it is not anonymous: a scraper sends server.json's
// `metrics.token` as a bearer token, or the admin opens it with an explicit `metrics.public: true`.
// Without either it answers 403 saying how to turn it on.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayConfig } from '../../config/types.js';
import { GatewayError } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';

/** Throws 403 when /metrics is closed, 401 without the right bearer token. */
export function assertMetricsAccess(metrics: GatewayConfig['metrics'], headers: IncomingHttpHeaders): void {
  if (metrics.public) return;
  if (metrics.tokenSha256 === undefined) {
    throw new GatewayError('forbidden', '/metrics is off: set metrics.token in server.json (scrapers send it as "Authorization: Bearer <token>"), or metrics.public: true to serve it without one');
  }
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(headers['authorization'] ?? '');
  const presented = m?.[1] === undefined ? undefined : createHash('sha256').update(m[1], 'utf8').digest();
  if (!presented || !timingSafeEqual(presented, Buffer.from(metrics.tokenSha256, 'hex'))) {
    throw new GatewayError('unauthenticated', '/metrics needs the token of metrics.token in server.json as "Authorization: Bearer <token>"');
  }
}

/** Answers the current metrics. */
export async function handleMetrics(ctx: RequestContext): Promise<void> {
  assertMetricsAccess(ctx.gen.config.metrics, ctx.req.headers);
  const { contentType, text } = await ctx.services.metrics.render();
  ctx.res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  ctx.res.end(text);
  ctx.access.status = 200;
}
