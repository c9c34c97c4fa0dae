// Shared shell of every /dashboard/api handler: the API's security headers on every answer (errors
// included), the Origin check on state-changing methods, and 200 JSON answers.
import type { RequestContext } from '../context.js';
import type { Handler } from '../route-table.js';
import { sendJson } from '../respond.js';
import { DASHBOARD_API_HEADERS, setHeaders } from './security-headers.js';
import { assertSameOriginForWrites } from './origin-check.js';

/** Wraps a /dashboard/api handler: headers, then the Origin check on writes. */
export function dashboardApi(handler: Handler): Handler {
  return withApiHeaders(async (ctx) => {
    assertSameOriginForWrites(ctx);
    await handler(ctx);
  });
}

/**
 * Only the API's headers, for handlers whose guard does the Origin check itself (the management
 * routes also take a script's Bearer admin session, which a browser cannot send cross-origin).
 */
export function withApiHeaders<A extends unknown[]>(handler: (ctx: RequestContext, ...args: A) => Promise<void>): (ctx: RequestContext, ...args: A) => Promise<void> {
  return async (ctx, ...args) => {
    setHeaders(ctx.res, DASHBOARD_API_HEADERS);
    await handler(ctx, ...args);
  };
}

/** Sends a 200 JSON answer. */
export function sendApiJson(ctx: RequestContext, body: unknown, headers: Record<string, string> = {}): void {
  ctx.access.status = 200;
  sendJson(ctx.res, 200, body, headers);
}
