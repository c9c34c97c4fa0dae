// Read endpoints of a signed-in viewer: GET /dashboard/api/usage, /limits, /recent and /setup.
// Each authenticates first (a stranger learns nothing from parameter errors), then reads its
// parameters strictly; a tenant session only ever covers its own tenant.
import { GatewayError } from '../../domain/errors.js';
import { matchesAnyModelPattern } from '../../domain/model-pattern.js';
import { readParams, parseLimit } from '../routes/usage-query.js';
import { knownModelIds } from '../routes/known-models.js';
import type { RequestContext } from '../context.js';
import { sendApiJson } from './api-handler.js';
import { defaultTimeZone, overlayTenants, parseRangeSpec, resolvedRange, scopedTenant } from './api-params.js';
import type { LimitsReport, RecentReport, SetupInfo } from './api-types.js';
import { cacheRateLookup } from './cache-rates.js';
import { rateUse, windowJson } from './limits-report.js';
import { activityByTenant, activityQuery, noActivity } from './recent-activity.js';
import { recentRequestJson } from './recent-json.js';
import { requireDashboardSession } from './session-guard.js';
import { publicBaseUrl } from './public-url.js';
import { buildUsageReport } from './usage-report.js';

/** Display name of a tenant id in reports ('' = requests refused before authentication). */
export function tenantNameOf(ctx: RequestContext): (id: string) => string {
  return (id) => (id === '' ? '(no tenant)' : (ctx.gen.tenants.byTenantId(id)?.name ?? id));
}

/** GET /usage → UsageReport: every view derived from one snapshot of the ledger. */
export async function handleUsage(ctx: RequestContext): Promise<void> {
  const viewer = await requireDashboardSession(ctx);
  const params = readParams(ctx.search, ['range', 'from', 'to', 'tz', 'bucket', 'tenantId', 'tenants']);
  const tenantId = scopedTenant(viewer, params);
  const overlay = overlayTenants(viewer, params);
  if (viewer.role === 'admin' && tenantId !== undefined && overlay) throw new GatewayError('invalid_request', 'Give either "tenantId" or "tenants", not both', { param: 'tenants' });
  const range = parseRangeSpec(params, ctx.services.clock.now(), defaultTimeZone(viewer));
  // Two groupings from one snapshot: tenant × model per bucket feeds every view but by-upstream,
  // which needs no buckets. A month is ~3,600 + ~360 rows instead of ~11,000 with every dimension
  // per bucket, and the smaller tenant × model rollup answers the first.
  const scope = tenantId === undefined ? {} : { tenantIds: [tenantId] };
  const showUpstreams = ctx.gen.config.dashboard.showUpstreamToTenants;
  const span = { from: range.fromMs, to: range.toMs, ...scope };
  const [rows = [], upstreamRows] = await ctx.services.store.aggregateMany([
    { ...span, groupBy: ['tenant', 'model'], bucketStarts: range.starts },
    ...(viewer.role === 'admin' || showUpstreams ? [{ ...span, groupBy: ['tenant', 'model', 'upstream'] as const }] : []),
  ]);
  const { tenants } = ctx.gen;
  const report = buildUsageReport({
    viewer: viewer.role,
    range: resolvedRange(range),
    starts: range.starts,
    labels: range.labels,
    rows,
    ...(upstreamRows ? { upstreamRows } : {}),
    tenantId: tenantId ?? null,
    ...(overlay ? { overlay } : {}),
    showUpstreams,
    tenantName: tenantNameOf(ctx),
    cacheRates: cacheRateLookup(ctx.services.price, (id) => tenants.byTenantId(id)?.priceMultiplier ?? 1),
  });
  sendApiJson(ctx, report);
}

/** GET /limits → LimitsReport of one tenant (the admin names it with tenantId). */
export async function handleLimits(ctx: RequestContext): Promise<void> {
  const viewer = await requireDashboardSession(ctx);
  const params = readParams(ctx.search, ['tenantId']);
  const id = scopedTenant(viewer, params);
  if (id === undefined) throw new GatewayError('invalid_request', '"tenantId" is required for the admin', { param: 'tenantId' });
  const tenant = ctx.gen.tenants.byTenantId(id);
  if (!tenant) throw new GatewayError('not_found', `No tenant "${id}"`);
  const now = ctx.services.clock.now();
  const q = activityQuery(now, [id]);
  const [windows, rows] = await Promise.all([ctx.services.admission.windowUsage(tenant), ctx.services.store.aggregate(q)]);
  const activity = activityByTenant(rows, q.bucketStarts, now).get(id) ?? noActivity();
  const report: LimitsReport = {
    tenantId: id,
    tz: tenant.timezone,
    nowMs: now,
    windows: windows.map((w) => windowJson(w, activity, now)),
    ...rateUse(tenant, ctx.services.admission.currentUse(id, now), activity),
  };
  sendApiJson(ctx, report);
}

/** GET /recent → the latest requests, newest first, metadata only. */
export async function handleRecent(ctx: RequestContext): Promise<void> {
  const viewer = await requireDashboardSession(ctx);
  const params = readParams(ctx.search, ['limit', 'tenantId']);
  const tenantId = scopedTenant(viewer, params);
  const limit = parseLimit(params);
  const rows = await ctx.services.store.recent({ from: 0, to: Number.MAX_SAFE_INTEGER, ...(tenantId === undefined ? {} : { tenantId }) }, limit);
  const show = ctx.gen.config.dashboard.showUpstreamToTenants;
  const report: RecentReport = { tenantId: tenantId ?? null, requests: rows.map((r) => recentRequestJson(r, viewer.role, show)) };
  sendApiJson(ctx, report);
}

/** GET /setup → what the set-up snippets need (never a key: the server holds only its hash). */
export async function handleSetup(ctx: RequestContext): Promise<void> {
  const viewer = await requireDashboardSession(ctx);
  readParams(ctx.search, []);
  const { config } = ctx.gen;
  const allowed = viewer.role === 'tenant' ? viewer.tenant.allowedModels : ['*'];
  const permits = (model: string) => matchesAnyModelPattern(allowed, model);
  const models = new Set(Object.entries(config.openai.models).filter(([, target]) => permits(target)).map(([alias]) => alias));
  if (config.openai.defaultModel !== undefined && permits(config.openai.defaultModel)) models.add(config.openai.defaultModel);
  for (const id of knownModelIds(config)) if (permits(id)) models.add(id);
  const baseUrl = publicBaseUrl(ctx);
  const info: SetupInfo = {
    baseUrl,
    anthropicBaseUrl: `${baseUrl}/anthropic`,
    openaiBaseUrl: `${baseUrl}/openai/v1`,
    statuslineUrl: `${baseUrl}/anthropic/ccgate/statusline`,
    openaiModels: [...models],
    allowedModels: [...allowed],
  };
  sendApiJson(ctx, info);
}
