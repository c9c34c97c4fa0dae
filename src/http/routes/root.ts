// `HEAD /` and `GET /`: Claude Code probes its base URL without credentials before the first
// request, so the root answers 200 with nothing secret in it. A browser (Accept: text/html) at
// the gateway's root is sent to the dashboard instead.
import type { RequestContext } from '../context.js';
import { DASHBOARD_HOME, redirect, wantsHtml } from '../dashboard/ingress.js';
import { sendJson } from '../respond.js';

/** Answers the reachability probe, or redirects a browser to the dashboard. */
export async function handleRoot(ctx: RequestContext): Promise<void> {
  if (ctx.path === '/' && wantsHtml(ctx.req)) {
    ctx.access.status = 302;
    redirect(ctx.res, DASHBOARD_HOME);
    return;
  }
  ctx.access.status = 200;
  if (ctx.req.method === 'HEAD') {
    ctx.res.writeHead(200, { 'content-type': 'application/json' }).end();
    return;
  }
  sendJson(ctx.res, 200, { name: 'CCGate', status: 'ok', anthropic: '/anthropic', openai: '/openai/v1' });
}
