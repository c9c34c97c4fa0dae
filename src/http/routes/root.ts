// `HEAD /` and `GET /`: Claude Code probes its base URL without credentials before the first
// request, so the root answers 200 with nothing secret in it.
import type { RequestContext } from '../context.js';
import { sendJson } from '../respond.js';

/** Answers the reachability probe. */
export async function handleRoot(ctx: RequestContext): Promise<void> {
  ctx.access.status = 200;
  if (ctx.req.method === 'HEAD') {
    ctx.res.writeHead(200, { 'content-type': 'application/json' }).end();
    return;
  }
  sendJson(ctx.res, 200, { name: 'CCGate', status: 'ok', anthropic: '/anthropic', openai: '/openai/v1' });
}
