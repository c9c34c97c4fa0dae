// Admin login and logout for the dashboard's JSON API: POST /admin/api/login trades the admin
// username and password for a session token (12 h), sent afterwards as Authorization: Bearer.
import { GatewayError } from '../../domain/errors.js';
import type { AdminSession } from '../../tenancy/admin-auth.js';
import { clientAddress } from '../client-address.js';
import type { RequestContext } from '../context.js';
import { readSmallJsonObject } from '../read-body.js';
import { sendJson } from '../respond.js';

/** Login bodies are tiny; refusing more keeps a flood from buffering megabytes. */
export const LOGIN_MAX_BODY_BYTES = 16 * 1024;
const MAX_CREDENTIAL_CHARS = 1_024;

/** Headers of every answer carrying usage data or a token: never cached. */
export const NO_STORE = { 'cache-control': 'no-store' } as const;

/** The address logins are throttled by: behind a trusted proxy the X-Forwarded-For entry the proxy added (the right-most). */
export function loginClient(ctx: RequestContext): string {
  return clientAddress(ctx.req, ctx.gen.config.server.trustProxy) ?? 'unknown';
}

/** A string credential field of a JSON body; 400 naming the field otherwise. */
export function credentialField(body: Record<string, unknown>, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_CREDENTIAL_CHARS) {
    throw new GatewayError('invalid_request', `"${field}" must be a non-empty string of at most ${MAX_CREDENTIAL_CHARS} characters`, { param: field });
  }
  return v;
}

/** The admin session of the request; 404 when the admin is disabled, 401 without a valid token. */
export function requireAdmin(ctx: RequestContext): Promise<AdminSession> {
  return ctx.services.admin.session(ctx.gen.config.admin, ctx.req.headers);
}

/** POST /admin/api/login {username, password} → {token, tokenType, username, expiresAt, expiresInSec}. */
export async function handleAdminLogin(ctx: RequestContext): Promise<void> {
  const admin = ctx.gen.config.admin;
  if (!admin.enabled) throw new GatewayError('not_found', `Not found: ${ctx.req.method} ${ctx.path}`);
  const body = await readSmallJsonObject(ctx.req, LOGIN_MAX_BODY_BYTES, ctx.gen.config.server);
  const username = credentialField(body, 'username');
  const password = credentialField(body, 'password');
  const issued = await ctx.services.admin.login(admin, username, password, loginClient(ctx));
  const now = ctx.services.clock.now();
  sendJson(
    ctx.res,
    200,
    { token: issued.token, tokenType: 'Bearer', username: issued.username, expiresAt: new Date(issued.expiresAt).toISOString(), expiresInSec: Math.round((issued.expiresAt - now) / 1000) },
    NO_STORE,
  );
}

/** POST /admin/api/logout (Bearer token) → {loggedOut: true}; the token stops working at once. */
export async function handleAdminLogout(ctx: RequestContext): Promise<void> {
  await requireAdmin(ctx);
  ctx.services.admin.logout(ctx.req.headers);
  sendJson(ctx.res, 200, { loggedOut: true }, NO_STORE);
}
