// The gateway's route table: every path it answers. Anything else is a 404, never proxied.
import { registerManagementRoutes } from '../dashboard/manage-routes.js';
import type { AdminGuard } from '../dashboard/config-change.js';
import { requireDashboardAdmin } from '../dashboard/session-guard.js';
import { RouteTable } from '../route-table.js';
import { addDashboardApiRoutes } from '../dashboard/api-routes.js';
import { handleStatusline } from './statusline.js';
import { handleCountTokens, handleMessages } from './anthropic-messages.js';
import { handleModels } from './anthropic-models.js';
import { handleHealth } from './health.js';
import { handleMetrics } from './metrics.js';
import { handleChatCompletions } from './openai-chat.js';
import { handleOpenaiModels } from './openai-model-list.js';
import { handleResponses } from './openai-responses.js';
import { handleRoot } from './root.js';
import { handleAdminLogin, handleAdminLogout, requireAdmin } from './admin-session.js';
import { usageApiHandlers } from './usage-api.js';
import { handleLegacyUsage } from './usage-legacy.js';
import { dashboardStaticHandlers } from '../dashboard/static-files.js';

/**
 * The admin of a management request: a script's Bearer admin session (POST /admin/api/login), else
 * the dashboard's session cookie with its Origin check. A browser cannot send an Authorization
 * header cross-origin (no CORS on /dashboard/api), so the Bearer path needs no Origin check.
 */
const managementGuard: AdminGuard = (ctx) => (ctx.req.headers.authorization !== undefined ? requireAdmin(ctx) : requireDashboardAdmin(ctx));

/** Builds the route table. */
export function buildRoutes(): RouteTable {
  const adminUsage = usageApiHandlers('admin');
  const tenantUsage = usageApiHandlers('tenant');
  const dashboard = dashboardStaticHandlers();
  const table = addDashboardApiRoutes(new RouteTable())
    .add('/', 'plain', { GET: handleRoot, HEAD: handleRoot })
    .add('/anthropic', 'anthropic', { GET: handleRoot, HEAD: handleRoot })
    .add('/anthropic/v1/messages', 'anthropic', { POST: handleMessages })
    .add('/anthropic/v1/messages/count_tokens', 'anthropic', { POST: handleCountTokens })
    .add('/anthropic/ccgate/statusline', 'anthropic', { GET: handleStatusline })
    .add('/anthropic/v1/models', 'anthropic', { GET: (ctx) => handleModels(ctx, undefined) })
    .addPrefix('/anthropic/v1/models/', 'anthropic', { GET: handleModels })
    .add('/openai/v1/chat/completions', 'openai', { POST: handleChatCompletions })
    .add('/openai/v1/responses', 'openai', { POST: handleResponses })
    .add('/openai/v1/models', 'openai', { GET: handleOpenaiModels })
    .add('/usage', 'plain', { POST: handleLegacyUsage })
    .add('/admin/api/login', 'plain', { POST: handleAdminLogin })
    .add('/admin/api/logout', 'plain', { POST: handleAdminLogout })
    .add('/admin/api/usage', 'plain', { GET: adminUsage.summary })
    .add('/admin/api/usage/series', 'plain', { GET: adminUsage.series })
    .add('/admin/api/usage/recent', 'plain', { GET: adminUsage.recent })
    .add('/api/usage', 'plain', { GET: tenantUsage.summary })
    .add('/api/usage/series', 'plain', { GET: tenantUsage.series })
    .add('/api/usage/recent', 'plain', { GET: tenantUsage.recent })
    .add('/dashboard', 'plain', { GET: dashboard.page })
    .addPrefix('/dashboard/assets/', 'plain', { GET: dashboard.asset })
    .add('/health', 'plain', { GET: handleHealth })
    .add('/metrics', 'plain', { GET: handleMetrics });
  return registerManagementRoutes(table, managementGuard);
}
