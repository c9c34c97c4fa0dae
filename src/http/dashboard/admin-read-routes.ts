// The admin's read endpoints: GET /dashboard/api/tenants (every tenant with its limit cards, rate
// use now and totals over a range), GET /upstreams (settings, health, TTFB) and GET /events (the
// live Server-Sent Events stream). Keys and key hashes never appear.
import { GatewayError } from '../../domain/errors.js';
import type { AggregateRow } from '../../storage/types.js';
import { readParams } from '../routes/usage-query.js';
import type { RequestContext } from '../context.js';
import { sendApiJson } from './api-handler.js';
import { parseRangeSpec, resolvedRange, type RangeSpec } from './api-params.js';
import type { TenantRow, TenantTable, UpstreamList } from './api-types.js';
import type { TenantConfig } from '../../config/types.js';
import { activityByTenant, activityQuery } from './recent-activity.js';
import { principalStillValid, requireDashboardAdmin, sessionPolicy } from './session-guard.js';
import { tenantRow } from './tenant-rows.js';
import { upstreamRows } from './upstream-rows.js';

/** Table rows of `tenants` with their limit cards, rate use now and totals over `range`. */
export async function tenantRowsNow(ctx: RequestContext, tenants: readonly TenantConfig[], range: RangeSpec): Promise<TenantRow[]> {
  const now = ctx.services.clock.now();
  const { store, admission } = ctx.services;
  const q = activityQuery(now);
  const [totals, recent, windows] = await Promise.all([
    store.aggregate({ from: range.fromMs, to: range.toMs, groupBy: ['tenant'] }),
    store.aggregate(q),
    Promise.all(tenants.map((t) => admission.windowUsage(t))),
  ]);
  const byTenant = new Map<string, AggregateRow>(totals.map((r) => [r.tenantId ?? '', r]));
  const activity = activityByTenant(recent, q.bucketStarts, now);
  return tenants.map((t, i) => {
    const r = byTenant.get(t.id);
    const a = activity.get(t.id);
    return tenantRow(t, { windows: windows[i] ?? [], use: admission.currentUse(t.id, now), ...(a ? { activity: a } : {}), ...(r ? { range: r } : {}) }, now);
  });
}

/** GET /tenants?range|from&to&tz → TenantTable. */
export async function handleTenants(ctx: RequestContext): Promise<void> {
  await requireDashboardAdmin(ctx);
  const params = readParams(ctx.search, ['range', 'from', 'to', 'tz']);
  const range = parseRangeSpec(params, ctx.services.clock.now(), 'UTC');
  const table: TenantTable = { range: resolvedRange(range), tenants: await tenantRowsNow(ctx, ctx.gen.tenants.all(), range) };
  sendApiJson(ctx, table);
}

/** The upstream table of the request's config generation. */
export function upstreamList(ctx: RequestContext): UpstreamList {
  const { config } = ctx.gen;
  return { upstreams: upstreamRows(config.upstreams, ctx.gen.upstreamStatus(), (id) => ctx.services.ttfb.get(id)), strategy: config.routing.strategy };
}

/** GET /upstreams → UpstreamList. */
export async function handleUpstreams(ctx: RequestContext): Promise<void> {
  await requireDashboardAdmin(ctx);
  readParams(ctx.search, []);
  sendApiJson(ctx, upstreamList(ctx));
}

/** GET /events → text/event-stream of LiveEvent; closed when the session ends. */
export async function handleEvents(ctx: RequestContext): Promise<void> {
  const { session } = await requireDashboardAdmin(ctx);
  readParams(ctx.search, []);
  const hub = ctx.services.live;
  if (hub.size() >= hub.maxClients) throw new GatewayError('rate_limited', `Too many live event streams are open (at most ${hub.maxClients})`, { retryAfterSec: 30 });
  ctx.access.status = 200;
  ctx.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'x-accel-buffering': 'no' });
  if (ctx.req.method === 'HEAD') {
    ctx.res.end();
    return;
  }
  ctx.res.flushHeaders();
  const { sessions, admin } = ctx.services;
  // Re-checked against the config of the moment, so a changed password or a reload ends the stream.
  const stillValid = async () => (await sessions.validateId(session.id, sessionPolicy(ctx.services.generation().config), principalStillValid(ctx.services.generation(), admin))) !== undefined;
  if (!hub.add(ctx.res, session.id, stillValid)) ctx.res.end();
}
