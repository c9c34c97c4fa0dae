// Cross-site request forgery guard for state-changing dashboard requests: the browser's `Origin`
// must be the gateway's own origin as the request addressed it (scheme from TLS or a trusted
// X-Forwarded-Proto, host from Host or a trusted X-Forwarded-Host), or the configured
// dashboard.publicUrl's origin. A missing or foreign Origin is refused: SameSite=Strict already
// keeps the cookie off cross-site requests, and this also covers sign-in (login CSRF).
import { GatewayError } from '../../domain/errors.js';
import { normaliseOrigin, requestOrigin } from '../client-address.js';
import type { RequestContext } from '../context.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True for methods that may change state (POST, PATCH, PUT, DELETE, anything unknown). */
export function isStateChanging(method: string | undefined): boolean {
  return !SAFE_METHODS.has(method ?? 'GET');
}

/** Throws 403 unless the request's Origin is the gateway's own (or publicUrl's). */
export function assertSameOrigin(ctx: RequestContext): void {
  const sent = ctx.req.headers.origin;
  const origin = typeof sent === 'string' ? normaliseOrigin(sent) : undefined;
  const { trustProxy } = ctx.gen.config.server;
  const publicUrl = ctx.gen.config.dashboard.publicUrl;
  const allowed = [requestOrigin(ctx.req, trustProxy), publicUrl === undefined ? undefined : normaliseOrigin(publicUrl)];
  if (origin === undefined || !allowed.includes(origin)) {
    throw new GatewayError('forbidden', 'Cross-origin request refused: state-changing dashboard requests must come from the dashboard\'s own origin');
  }
}

/** assertSameOrigin for state-changing methods; safe methods pass. */
export function assertSameOriginForWrites(ctx: RequestContext): void {
  if (isStateChanging(ctx.req.method)) assertSameOrigin(ctx);
}
