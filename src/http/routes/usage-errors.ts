// Errors of the usage and admin routes whose codes the gateway-wide registry (domain/errors.ts)
// does not list: a tenant asking for another tenant's data, a disabled admin on POST /usage.
// Rendered in the plain shape {"error":{"code","message"}}; anything else goes to the server.
import { GatewayError, toGatewayError } from '../../domain/errors.js';
import type { Handler } from '../route-table.js';
import type { RequestContext } from '../context.js';
import { sendJson } from '../respond.js';

/** A refusal with its own status and code. */
export class UsageRouteError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'forbidden' | 'admin_disabled',
    message: string,
  ) {
    super(message);
    this.name = 'UsageRouteError';
  }
}

/** Status, code, message and retry-after of anything a usage route threw. */
export function describeError(err: unknown): { status: number; code: string; message: string; retryAfterSec: number | undefined } {
  if (err instanceof UsageRouteError) return { status: err.status, code: err.code, message: err.message, retryAfterSec: undefined };
  const g: GatewayError = toGatewayError(err);
  return { status: g.status, code: g.code, message: g.message, retryAfterSec: g.retryAfterSec };
}

/** Wraps a handler so UsageRouteError answers in the plain shape; other errors reach the server's renderer. */
export function plainErrors(handler: Handler): Handler {
  return async (ctx: RequestContext) => {
    try {
      await handler(ctx);
    } catch (err) {
      if (!(err instanceof UsageRouteError)) throw err;
      ctx.access.status = err.status;
      ctx.access.errorCode = err.code;
      sendJson(ctx.res, err.status, { error: { code: err.code, message: err.message } }, { 'cache-control': 'no-store' });
    }
  };
}
