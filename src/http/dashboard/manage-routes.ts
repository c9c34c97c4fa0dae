// The admin's management routes under /dashboard/api (tenants, upstreams, audit), registered
// behind the admin guard the caller gives (routes/index.ts: the dashboard's session cookie, or a
// script's Bearer admin session from POST /admin/api/login).
import type { RouteTable } from '../route-table.js';
import { withApiHeaders } from './api-handler.js';
import { DASHBOARD_API } from './api-routes.js';
import type { AdminGuard } from './config-change.js';
import { auditHandler } from './manage-audit.js';
import { tenantHandlers, type TenantDeps } from './manage-tenants.js';
import { upstreamHandlers } from './manage-upstreams.js';


/** Adds POST/PATCH/DELETE of tenants, PATCH of upstreams and GET audit to `table`. */
export function registerManagementRoutes(table: RouteTable, guard: AdminGuard, deps?: TenantDeps): RouteTable {
  const tenants = tenantHandlers(guard, deps);
  const upstreams = upstreamHandlers(guard);
  const h = withApiHeaders;
  return table
    .add(`${DASHBOARD_API}/tenants`, 'plain', { POST: h(tenants.create) })
    .addPrefix(`${DASHBOARD_API}/tenants/`, 'plain', { PATCH: h(tenants.update), DELETE: h(tenants.remove) })
    .addPrefix(`${DASHBOARD_API}/tenants/`, 'plain', { POST: h(tenants.rotate) }, '/rotate')
    .addPrefix(`${DASHBOARD_API}/upstreams/`, 'plain', { PATCH: h(upstreams.update) })
    .add(`${DASHBOARD_API}/audit`, 'plain', { GET: h(auditHandler(guard)) });
}
