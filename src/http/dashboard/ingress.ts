// Ways into the dashboard: a browser opening the gateway's root is sent to /dashboard/, and the
// original's admin panel path (server.json admin.path, e.g. "/admin") opens the admin sign-in.
// API clients asking for JSON at the root keep the reachability answer they always had.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from '../../config/types.js';
import type { Route } from '../route-table.js';

export const DASHBOARD_HOME = '/dashboard/';
export const ADMIN_SIGN_IN = '/dashboard/#/login?as=admin';

/** True when the client asks for a page (Accept names text/html). */
export function wantsHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  return typeof accept === 'string' && /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept);
}

/** Sends a 302 to `location`. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'content-length': 0, 'cache-control': 'no-store' });
  res.end();
}

function trimmed(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/**
 * The redirect route of admin.path for a path no other route matched (so it never shadows
 * /admin/api/*); none when the path is unset, the root, or the dashboard itself.
 */
export function adminPathRoute(path: string, config: GatewayConfig): Route | undefined {
  const configured = config.admin.path === undefined ? '' : trimmed(config.admin.path);
  if (configured === '' || configured === '/' || configured === '/dashboard' || configured.startsWith('/dashboard/')) return undefined;
  if (trimmed(path) !== configured) return undefined;
  const send = async (ctx: { res: ServerResponse; access: { status?: number } }) => {
    ctx.access.status = 302;
    redirect(ctx.res, ADMIN_SIGN_IN);
  };
  return { protocol: 'plain', methods: { GET: send, HEAD: send }, pattern: 'admin.path' };
}
