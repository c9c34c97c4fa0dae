// The admin's management routes under /dashboard/api (tenants, upstreams, audit), registered
// behind whichever admin guard the caller gives (the dashboard's session cookie, or for now the
// Bearer admin session of /admin/api/login).
import type { RouteTable } from '../route-table.js';
import type { AdminGuard } from './config-change.js';
import { auditHandler } from './manage-audit.js';
import { tenantHandlers, type TenantDeps } from './manage-tenants.js';
import { upstreamHandlers } from './manage-upstreams.js';

export const DASHBOARD_API = '/dashboard/api';

/** Adds POST/PATCH/DELETE of tenants, PATCH of upstreams and GET audit to `table`. */
export function registerManagementRoutes(table: RouteTable, guard: AdminGuard, deps?: TenantDeps): RouteTable {
  const tenants = tenantHandlers(guard, deps);
  const upstreams = upstreamHandlers(guard);
  return table
    .add(`${DASHBOARD_API}/tenants`, 'plain', { POST: tenants.create })
    .addPrefix(`${DASHBOARD_API}/tenants/`, 'plain', { PATCH: tenants.update, DELETE: tenants.remove })
    .addPrefix(`${DASHBOARD_API}/tenants/`, 'plain', { POST: tenants.rotate }, '/rotate')
    .addPrefix(`${DASHBOARD_API}/upstreams/`, 'plain', { PATCH: upstreams.update })
    .add(`${DASHBOARD_API}/audit`, 'plain', { GET: auditHandler(guard) });
}
