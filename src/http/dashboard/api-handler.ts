// Shared shell of every /dashboard/api handler: the API's security headers on every answer (errors
// included), the Origin check on state-changing methods, and 200 JSON answers.
import type { RequestContext } from '../context.js';
import type { Handler } from '../route-table.js';
import { sendJson } from '../respond.js';
import { DASHBOARD_API_HEADERS, setHeaders } from './security-headers.js';
import { assertSameOriginForWrites } from './origin-check.js';

/** Wraps a /dashboard/api handler (the manage routes may use it too). */
export function dashboardApi(handler: Handler): Handler {
  return async (ctx) => {
    setHeaders(ctx.res, DASHBOARD_API_HEADERS);
    assertSameOriginForWrites(ctx);
    await handler(ctx);
  };
}

/** Sends a 200 JSON answer. */
export function sendApiJson(ctx: RequestContext, body: unknown, headers: Record<string, string> = {}): void {
  ctx.access.status = 200;
  sendJson(ctx.res, 200, body, headers);
}
