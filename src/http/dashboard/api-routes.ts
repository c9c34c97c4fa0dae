// Registers the dashboard's read and session endpoints under /dashboard/api (the manage helper's
// write endpoints register beside them). Every handler is wrapped by dashboardApi(): security
// headers, no-store and the Origin check on writes.
import type { RouteTable } from '../route-table.js';
import { handleEvents, handleTenants, handleUpstreams } from './admin-read-routes.js';
import { dashboardApi } from './api-handler.js';
import { handleDashboardLogin, handleDashboardLogout, handleDashboardSession } from './session-routes.js';
import { handleLimits, handleRecent, handleSetup, handleUsage } from './usage-routes.js';

export const DASHBOARD_API = '/dashboard/api';

/** Adds the routes to `table`. */
export function addDashboardApiRoutes(table: RouteTable): RouteTable {
  const get = (path: string, handler: Parameters<typeof dashboardApi>[0]) => table.add(`${DASHBOARD_API}${path}`, 'plain', { GET: dashboardApi(handler) });
  table.add(`${DASHBOARD_API}/login`, 'plain', { POST: dashboardApi(handleDashboardLogin) });
  table.add(`${DASHBOARD_API}/logout`, 'plain', { POST: dashboardApi(handleDashboardLogout) });
  get('/session', handleDashboardSession);
  get('/usage', handleUsage);
  get('/limits', handleLimits);
  get('/recent', handleRecent);
  get('/setup', handleSetup);
  get('/tenants', handleTenants);
  get('/upstreams', handleUpstreams);
  get('/events', handleEvents);
  return table;
}
