// The one session validator every /dashboard/api route goes through: the session cookie names a
// live server-side session whose credential still holds (the tenant key still maps to that tenant,
// the admin password is unchanged and the admin enabled), and a state-changing request comes from
// the dashboard's own origin. Each route declares its role by the guard it calls.
import type { Generation } from '../../app-types.js';
import type { GatewayConfig, TenantConfig } from '../../config/types.js';
import { GatewayError } from '../../domain/errors.js';
import type { AdminAuth } from '../../tenancy/admin-auth.js';
import type { DashboardSession, SessionPolicy, SessionPrincipal } from '../../tenancy/dashboard-sessions.js';
import type { RequestContext } from '../context.js';
import { assertSameOriginForWrites } from './origin-check.js';
import { sessionToken } from './session-cookie.js';

/** Who is signed in, as the routes use it. */
export type DashboardViewer =
  | { role: 'admin'; username: string; session: DashboardSession }
  | { role: 'tenant'; tenant: TenantConfig; session: DashboardSession };

/** Expiry settings of the running config. */
export function sessionPolicy(config: GatewayConfig): SessionPolicy {
  return { idleMs: config.dashboard.sessionIdleMs, maxMs: config.dashboard.sessionMaxMs };
}

/** Whether a session's principal is still what it was opened as, under a config generation. */
export function principalStillValid(gen: Generation, adminAuth: AdminAuth): (p: SessionPrincipal) => Promise<boolean> {
  return async (p) => {
    if (p.role === 'tenant') return gen.tenants.authenticateSha256(p.keySha256)?.id === p.tenantId;
    const admin = gen.config.admin;
    return admin.enabled && p.username === admin.username && p.credentialTag === (await adminAuth.credentialTag(admin));
  };
}

/** Any signed-in viewer (admin or tenant); 401 without a live session, 403 for a cross-origin write. */
export async function requireDashboardSession(ctx: RequestContext): Promise<DashboardViewer> {
  assertSameOriginForWrites(ctx);
  const token = sessionToken(ctx.req, ctx.gen.config.server.trustProxy);
  const session = await ctx.services.sessions.validate(token, sessionPolicy(ctx.gen.config), principalStillValid(ctx.gen, ctx.services.admin));
  if (!session) throw new GatewayError('unauthenticated', 'Not signed in, or the session has expired: sign in again');
  const p = session.principal;
  if (p.role === 'admin') return { role: 'admin', username: p.username, session };
  const tenant = ctx.gen.tenants.byTenantId(p.tenantId);
  if (!tenant) throw new GatewayError('unauthenticated', 'Not signed in, or the session has expired: sign in again');
  ctx.access.tenantId = tenant.id;
  return { role: 'tenant', tenant, session };
}

/** The signed-in admin; 401 without a live session, 403 for a tenant session or a cross-origin write. */
export async function requireDashboardAdmin(ctx: RequestContext): Promise<{ username: string; session: DashboardSession }> {
  const viewer = await requireDashboardSession(ctx);
  if (viewer.role !== 'admin') throw new GatewayError('forbidden', 'This needs the admin: a tenant session cannot use it');
  return { username: viewer.username, session: viewer.session };
}
