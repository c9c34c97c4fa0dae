// GET /dashboard/api/audit?limit=N: the newest config changes first (AuditList), for the admin.
import { GatewayError } from '../../domain/errors.js';
import { AUDIT_MAX_READ } from '../../observability/audit-log.js';
import type { RequestContext } from '../context.js';
import { sendJson } from '../respond.js';
import { NO_STORE } from '../routes/admin-session.js';
import type { AuditEntry, AuditList } from './api-types.js';
import type { AdminGuard } from './config-change.js';

export const DEFAULT_AUDIT_LIMIT = 100;

function limitOf(search: string): number {
  const raw = new URLSearchParams(search).get('limit');
  if (raw === null) return DEFAULT_AUDIT_LIMIT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > AUDIT_MAX_READ) throw new GatewayError('invalid_request', `limit must be a whole number from 1 to ${AUDIT_MAX_READ}`, { param: 'limit' });
  return n;
}

/** The GET handler behind `guard`. */
export function auditHandler(guard: AdminGuard) {
  return async (ctx: RequestContext): Promise<void> => {
    await guard(ctx);
    const body: AuditList = { entries: ctx.services.audit.newest(limitOf(ctx.search)) as AuditEntry[] };
    sendJson(ctx.res, 200, body, NO_STORE);
  };
}
