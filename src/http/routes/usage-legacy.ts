// POST /usage, the original CCGate's usage query, kept so its dashboard and scripts keep working.
// Request: {"type":"tenant","apiKey"} or {"type":"admin","username","password"}. Answers and
// errors have the original's shapes (see usage-legacy-shape.ts; errors are {"error": message}
// plus a stable `code`), with its statuses: 400 bad query, 401 bad credentials, 403 admin
// disabled; and now 429 while admin logins are throttled.
//
// Tenant form → {success: true, type: "tenant", data: {
//   usage: {tenantId, date: "YYYY-MM-DD" (UTC), limits: {usd?: {used, limit, percentage, exceeded}}, todayUsage: Usage},
//   tenant: {id, name}}}
// Admin form → {success: true, type: "admin", data: {
//   usage: {todayUsage: Usage (every ledger row of the day), limits: null,
//           tenants: [{tenantId, tenantName, usage: Usage, limits: {usd?}}] (each configured tenant)},
//   system: {totalRequests, totalCost, activeTenants, totalUpstreams, healthyUpstreams},
//   upstreams: {total, healthy, unhealthy, healthStatus: {id: bool}, upstreams: [{id, name, url, weight, enabled, healthy}]}}}
// Usage = LegacyTotals + byModel {model: LegacyTotals} + byHour {"0".."23": LegacyTotals}.
import type { PriceBook } from '../../accounting/price-book.js';
import { createPriceBook } from '../../accounting/price-book.js';
import type { GatewayConfig, TenantConfig } from '../../config/types.js';
import { GatewayError } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import { readSmallJsonObject } from '../read-body.js';
import { sendJson } from '../respond.js';
import { credentialField, LOGIN_MAX_BODY_BYTES, loginClient, NO_STORE } from './admin-session.js';
import { legacyDayUsage, legacyLimits, utcDayStart, type LegacyLimits, type LegacyUsage } from './usage-legacy-shape.js';
import { describeError, UsageRouteError } from './usage-errors.js';
import { BUCKET_MS } from './usage-query.js';

/** One tenant's day as the original reported it. */
export interface LegacyTenantUsage {
  tenantId: string;
  date: string;
  limits: LegacyLimits;
  todayUsage: LegacyUsage;
}

const books = new WeakMap<GatewayConfig, PriceBook>();

/** The price book of a config generation (its overrides were validated when it was loaded). */
function priceBookFor(config: GatewayConfig): PriceBook {
  let book = books.get(config);
  if (!book) {
    book = createPriceBook(config.pricingOverrides);
    books.set(config, book);
  }
  return book;
}

function today(ctx: RequestContext): { from: number; to: number; date: string } {
  const from = utcDayStart(ctx.services.clock.now());
  return { from, to: from + BUCKET_MS.day, date: new Date(from).toISOString().slice(0, 10) };
}

async function tenantDay(ctx: RequestContext, tenant: TenantConfig): Promise<LegacyTenantUsage> {
  const day = today(ctx);
  const { usage, chargedNano } = await legacyDayUsage(ctx.services.store, priceBookFor(ctx.gen.config), { from: day.from, to: day.to, tenantId: tenant.id });
  const limits = await legacyLimits(ctx.services.store, tenant, ctx.services.clock.now(), chargedNano);
  return { tenantId: tenant.id, date: day.date, limits, todayUsage: usage };
}

/** The tenant form: that tenant's day. A disabled tenant may still read its usage, as before. */
async function tenantAnswer(ctx: RequestContext, body: Record<string, unknown>): Promise<unknown> {
  const apiKey = credentialField(body, 'apiKey');
  const tenant = ctx.gen.tenants.authenticate(apiKey);
  if (!tenant) throw new GatewayError('unauthenticated', 'Invalid API key');
  ctx.access.tenantId = tenant.id;
  const usage = await tenantDay(ctx, tenant);
  return { success: true, type: 'tenant', data: { usage, tenant: { id: tenant.id, name: tenant.name } } };
}

/** The admin form: every ledger row of the day, each configured tenant, system and upstream state. */
async function adminAnswer(ctx: RequestContext, body: Record<string, unknown>): Promise<unknown> {
  const admin = ctx.gen.config.admin;
  if (!admin.enabled) throw new UsageRouteError(403, 'admin_disabled', 'Admin is disabled');
  await ctx.services.admin.verify(admin, credentialField(body, 'username'), credentialField(body, 'password'), loginClient(ctx));
  const day = today(ctx);
  const tenants = ctx.gen.tenants.all();
  const [{ usage: todayUsage }, perTenant] = await Promise.all([
    legacyDayUsage(ctx.services.store, priceBookFor(ctx.gen.config), { from: day.from, to: day.to }),
    Promise.all(tenants.map((t) => tenantDay(ctx, t))),
  ]);
  const upstreams = legacyUpstreams(ctx);
  return {
    success: true,
    type: 'admin',
    data: {
      usage: { todayUsage, limits: null, tenants: perTenant.map((u, i) => ({ tenantId: u.tenantId, tenantName: tenants[i]!.name, usage: u.todayUsage, limits: u.limits })) },
      system: {
        totalRequests: todayUsage.totalRequests,
        totalCost: todayUsage.totalCost,
        activeTenants: perTenant.filter((u) => u.todayUsage.totalRequests > 0).length,
        totalUpstreams: upstreams.total,
        healthyUpstreams: upstreams.healthy,
      },
      upstreams,
    },
  };
}

/** The original's load balancer stats: counts, health by id, and each upstream without its key. */
function legacyUpstreams(ctx: RequestContext) {
  const status = new Map(ctx.gen.upstreamStatus().map((s) => [s.id, s.state === 'healthy']));
  const list = ctx.gen.config.upstreams.map((u) => ({ id: u.id, name: u.name, url: `${u.origin}${u.pathPrefix}`, weight: u.weight, enabled: u.enabled, healthy: status.get(u.id) === true }));
  const healthy = list.filter((u) => u.healthy).length;
  return { total: list.length, healthy, unhealthy: list.length - healthy, healthStatus: Object.fromEntries(status), upstreams: list };
}

/** Handles POST /usage. */
export async function handleLegacyUsage(ctx: RequestContext): Promise<void> {
  try {
    const body = await readSmallJsonObject(ctx.req, LOGIN_MAX_BODY_BYTES, ctx.gen.config.server);
    let answer: unknown;
    if (body['type'] === 'tenant') answer = await tenantAnswer(ctx, body);
    else if (body['type'] === 'admin') answer = await adminAnswer(ctx, body);
    else throw new GatewayError('invalid_request', 'Invalid query type: "type" must be "tenant" or "admin"', { param: 'type' });
    sendJson(ctx.res, 200, answer, NO_STORE);
  } catch (err) {
    const e = describeError(err);
    if (e.code === 'internal') ctx.services.logs.app.error({ err, requestId: ctx.requestId }, 'POST /usage failed');
    ctx.access.status = e.status;
    ctx.access.errorCode = e.code;
    const headers: Record<string, string> = { ...NO_STORE };
    if (e.retryAfterSec !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(e.retryAfterSec)));
    sendJson(ctx.res, e.status, { error: e.message, code: e.code }, headers);
  }
}
