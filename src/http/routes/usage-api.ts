// The dashboard's usage API: one set of handlers for two viewers. The admin (session token from
// POST /admin/api/login) sees every tenant and may narrow to one with `tenantId`; a tenant key
// sees only its own tenant: naming another tenant is a 403, never a silent widening.
import type { TenantConfig } from '../../config/types.js';
import { GatewayError } from '../../domain/errors.js';
import type { UsageQuery } from '../../storage/types.js';
import { presentedKey } from '../../tenancy/credentials.js';
import type { RequestContext } from '../context.js';
import type { Handler } from '../route-table.js';
import { sendJson } from '../respond.js';
import { NO_STORE, requireAdmin } from './admin-session.js';
import { bucketJson, filledBuckets, rangeJson, recentJson, totalsJson, type Viewer } from './usage-api-shape.js';
import { plainErrors, UsageRouteError } from './usage-errors.js';
import { BUCKET_MS, parseBucket, parseLimit, parseRange, readParams, type UsageRange } from './usage-query.js';
import { emptyTotals, sumTotals } from './usage-totals.js';

/** What a request may see, and the range it asked for. */
interface Scope {
  viewer: Viewer;
  /** The one tenant the answer covers; undefined for the admin's all-tenant view. */
  tenantId: string | undefined;
  params: Map<string, string>;
  range: UsageRange;
  query: UsageQuery;
}

/** The tenant of the presented key. A disabled tenant may still read its own usage. */
function tenantOfKey(ctx: RequestContext): TenantConfig {
  const key = presentedKey(ctx.req.headers);
  if (!key) throw new GatewayError('unauthenticated', 'Missing API key: send your tenant key as x-api-key or Authorization: Bearer');
  const tenant = ctx.gen.tenants.authenticate(key);
  if (!tenant) throw new GatewayError('unauthenticated', 'Invalid API key');
  ctx.access.tenantId = tenant.id;
  return tenant;
}

/** Authenticates first (so a stranger learns nothing from parameter errors), then reads the parameters. */
async function scopeOf(ctx: RequestContext, viewer: Viewer, allowed: readonly string[]): Promise<Scope> {
  let own: string | undefined;
  if (viewer === 'admin') await requireAdmin(ctx);
  else own = tenantOfKey(ctx).id;
  const params = readParams(ctx.search, allowed);
  const asked = params.get('tenantId');
  if (own !== undefined && asked !== undefined && asked !== own) {
    throw new UsageRouteError(403, 'forbidden', 'A tenant key can only see its own tenant\'s usage');
  }
  const tenantId = own ?? asked;
  const range = parseRange(params, ctx.services.clock.now());
  return { viewer, tenantId, params, range, query: tenantId === undefined ? { ...range } : { ...range, tenantId } };
}

function answer(ctx: RequestContext, s: Scope, body: Record<string, unknown>): void {
  sendJson(ctx.res, 200, { range: rangeJson(s.range), tenantId: s.tenantId ?? null, ...body }, NO_STORE);
}

/** Totals, by model, by upstream and (admin, all tenants) by tenant. */
async function summary(ctx: RequestContext, viewer: Viewer): Promise<void> {
  const s = await scopeOf(ctx, viewer, ['from', 'to', 'tenantId']);
  const { store } = ctx.services;
  const withTenants = viewer === 'admin' && s.tenantId === undefined;
  const [models, upstreams, tenants] = await Promise.all([
    store.totalsBy(s.query, 'model'),
    store.totalsBy(s.query, 'upstream'),
    withTenants ? store.totalsBy(s.query, 'tenant') : Promise.resolve(undefined),
  ]);
  const body: Record<string, unknown> = {
    totals: totalsJson(sumTotals(models), viewer),
    byModel: models.map((m) => ({ key: m.key, ...totalsJson(m, viewer) })),
    byUpstream: upstreams.map((u) => ({ key: u.key, ...totalsJson(u, viewer) })),
  };
  if (tenants) body['byTenant'] = tenants.map((t) => ({ key: t.key, name: ctx.gen.tenants.byTenantId(t.key)?.name ?? null, ...totalsJson(t, viewer) }));
  // Since start, not per range: the store keeps the flag per row but does not count it.
  if (viewer === 'admin') body['flaggedModelsSinceStart'] = ctx.services.flaggedModels.list();
  answer(ctx, s, body);
}

/** Totals per hour or day, every bucket of the range present. */
async function series(ctx: RequestContext, viewer: Viewer): Promise<void> {
  const s = await scopeOf(ctx, viewer, ['from', 'to', 'tenantId', 'bucket']);
  const bucket = parseBucket(s.params, s.range);
  const rows = await ctx.services.store.series(s.query, bucket);
  const buckets = filledBuckets(rows, s.range, BUCKET_MS[bucket], (start) => ({ bucket: start, ...emptyTotals() }));
  answer(ctx, s, { bucket, totals: totalsJson(sumTotals(rows), viewer), buckets: buckets.map((b) => bucketJson(b, viewer)) });
}

/** The latest requests of the range, newest first, metadata only. */
async function recent(ctx: RequestContext, viewer: Viewer): Promise<void> {
  const s = await scopeOf(ctx, viewer, ['from', 'to', 'tenantId', 'limit']);
  const limit = parseLimit(s.params);
  const rows = await ctx.services.store.recent(s.query, limit);
  answer(ctx, s, { limit, requests: rows.map((r) => recentJson(r, viewer)) });
}

/** The three handlers for one viewer. */
export function usageApiHandlers(viewer: Viewer): { summary: Handler; series: Handler; recent: Handler } {
  return {
    summary: plainErrors((ctx) => summary(ctx, viewer)),
    series: plainErrors((ctx) => series(ctx, viewer)),
    recent: plainErrors((ctx) => recent(ctx, viewer)),
  };
}
