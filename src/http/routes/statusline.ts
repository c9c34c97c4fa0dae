// GET /anthropic/ccgate/statusline: the tenant key (x-api-key or Authorization: Bearer, as Claude
// Code sends it) → one text/plain line for a statusline command. Fast: budget windows from the
// admission counters, today's spend and cache rate from one aggregate over the rollups.
import { GatewayError } from '../../domain/errors.js';
import { localMidnight } from '../../domain/zoned-buckets.js';
import { presentedKey } from '../../tenancy/credentials.js';
import type { RequestContext } from '../context.js';
import { hitRate } from '../dashboard/usage-report.js';
import { statuslineText } from './statusline-text.js';

/** Answers the status line; 401 in Anthropic's error shape without a valid key. */
export async function handleStatusline(ctx: RequestContext): Promise<void> {
  const key = presentedKey(ctx.req.headers);
  const tenant = key === undefined ? undefined : ctx.gen.tenants.authenticate(key);
  if (!tenant) throw new GatewayError('unauthenticated', key === undefined ? 'Missing API key: send your CCGate tenant key as x-api-key or Authorization: Bearer' : 'Invalid API key');
  ctx.access.tenantId = tenant.id;
  const now = ctx.services.clock.now();
  const from = localMidnight(now, tenant.timezone);
  const [windows, rows] = await Promise.all([
    ctx.services.admission.windowUsage(tenant),
    ctx.services.store.aggregate({ from, to: Math.max(now, from + 1), tenantIds: [tenant.id], groupBy: [] }),
  ]);
  const today = rows[0];
  const cacheable = today ? today.inputTokens + today.cacheWrite5mTokens + today.cacheWrite1hTokens + today.cacheReadTokens : 0;
  const text = statuslineText({
    windows,
    todayChargedNano: today?.chargedCostNano ?? 0,
    cacheHitRate: today && cacheable > 0 ? hitRate(today) : null,
    enabled: tenant.enabled,
  });
  ctx.access.status = 200;
  ctx.res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) + 1 });
  ctx.res.end(`${text}\n`);
}
