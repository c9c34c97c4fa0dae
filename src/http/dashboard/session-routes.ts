// Dashboard sign-in: POST /dashboard/api/login (admin password or tenant key, once, in the body)
// opens a server-side session and sets its cookie; POST /logout ends it; GET /session says who is
// signed in. Any wrong credential gets the same 401; both kinds are throttled per client address.
import type { TenantConfig } from '../../config/types.js';
import { GatewayError } from '../../domain/errors.js';
import type { DashboardSession, SessionPrincipal } from '../../tenancy/dashboard-sessions.js';
import { keySha256Hex } from '../../tenancy/tenant-directory.js';
import { BAD_CREDENTIAL_MESSAGE, verifyTenantKey } from '../../tenancy/tenant-login.js';
import type { RequestContext } from '../context.js';
import { readSmallJsonObject } from '../read-body.js';
import { credentialField, LOGIN_MAX_BODY_BYTES, loginClient } from '../routes/admin-session.js';
import { sendApiJson } from './api-handler.js';
import type { SessionInfo } from './api-types.js';
import { clearedSessionCookie, sessionCookie, sessionToken } from './session-cookie.js';
import { requireDashboardSession, sessionPolicy, type DashboardViewer } from './session-guard.js';

/** SessionInfo of a viewer; `enabled` tells the page to show a disabled tenant as such. */
export function sessionInfo(ctx: RequestContext, viewer: DashboardViewer): SessionInfo {
  const s = viewer.session;
  const info: SessionInfo = {
    role: viewer.role,
    idleExpiresAt: new Date(s.idleExpiresAt).toISOString(),
    absoluteExpiresAt: new Date(s.absoluteExpiresAt).toISOString(),
    version: ctx.services.version,
    upstreamVisibleToTenants: ctx.gen.config.dashboard.showUpstreamToTenants,
  };
  if (viewer.role === 'admin') info.username = viewer.username;
  else info.tenant = { id: viewer.tenant.id, name: viewer.tenant.name, timezone: viewer.tenant.timezone, enabled: viewer.tenant.enabled };
  return info;
}

/** A verified sign-in: the session's principal and the viewer it makes. */
interface SignIn {
  principal: SessionPrincipal;
  viewer(session: DashboardSession): DashboardViewer;
}

/** Checks the admin pair; every wrong-credential answer is the same generic 401. */
async function adminSignIn(ctx: RequestContext, body: Record<string, unknown>): Promise<SignIn> {
  const username = credentialField(body, 'username');
  const password = credentialField(body, 'password');
  const admin = ctx.gen.config.admin;
  if (!admin.enabled) throw new GatewayError('not_found', 'Admin sign-in is disabled (server.json admin.enabled)');
  try {
    await ctx.services.admin.verify(admin, username, password, loginClient(ctx));
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'unauthenticated') throw new GatewayError('unauthenticated', BAD_CREDENTIAL_MESSAGE);
    throw err;
  }
  return {
    principal: { role: 'admin', username: admin.username, credentialTag: await ctx.services.admin.credentialTag(admin) },
    viewer: (session) => ({ role: 'admin', username: admin.username, session }),
  };
}

/** Checks the tenant key; a disabled tenant may sign in (to read its own usage). */
function tenantSignIn(ctx: RequestContext, body: Record<string, unknown>): SignIn {
  const apiKey = credentialField(body, 'apiKey');
  const tenant: TenantConfig = verifyTenantKey(ctx.services.admin.throttle, ctx.gen.tenants, apiKey, loginClient(ctx));
  ctx.access.tenantId = tenant.id;
  return {
    principal: { role: 'tenant', tenantId: tenant.id, keySha256: keySha256Hex(apiKey) },
    viewer: (session) => ({ role: 'tenant', tenant, session }),
  };
}

/** POST /dashboard/api/login LoginRequest → SessionInfo, with the session cookie. */
export async function handleDashboardLogin(ctx: RequestContext): Promise<void> {
  const body = await readSmallJsonObject(ctx.req, LOGIN_MAX_BODY_BYTES, ctx.gen.config.server);
  const { trustProxy } = ctx.gen.config.server;
  let signIn: SignIn;
  if (body['kind'] === 'admin') signIn = await adminSignIn(ctx, body);
  else if (body['kind'] === 'tenant') signIn = tenantSignIn(ctx, body);
  else throw new GatewayError('invalid_request', '"kind" must be "admin" or "tenant"', { param: 'kind' });
  // A session the browser already held is ended, so a planted session id never carries over.
  ctx.services.sessions.delete(sessionToken(ctx.req, trustProxy));
  const policy = sessionPolicy(ctx.gen.config);
  const { token, session } = ctx.services.sessions.create(signIn.principal, policy);
  sendApiJson(ctx, sessionInfo(ctx, signIn.viewer(session)), { 'set-cookie': sessionCookie(ctx.req, trustProxy, token, policy.maxMs) });
}

/** POST /dashboard/api/logout → {loggedOut: true}: the server-side session ends and the cookie is cleared. */
export async function handleDashboardLogout(ctx: RequestContext): Promise<void> {
  const { trustProxy } = ctx.gen.config.server;
  ctx.services.sessions.delete(sessionToken(ctx.req, trustProxy));
  sendApiJson(ctx, { loggedOut: true }, { 'set-cookie': clearedSessionCookie(ctx.req, trustProxy) });
}

/** GET /dashboard/api/session → SessionInfo, or 401. */
export async function handleDashboardSession(ctx: RequestContext): Promise<void> {
  const viewer = await requireDashboardSession(ctx);
  sendApiJson(ctx, sessionInfo(ctx, viewer));
}
