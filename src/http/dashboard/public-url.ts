// The gateway's address as its users reach it, for set-up snippets: server.json
// dashboard.publicUrl when set (behind a reverse proxy), else the scheme and Host the browser
// used (only a plain host[:port] is trusted), else the address the request arrived on.
import { requestHost, requestIsSecure } from '../client-address.js';
import type { RequestContext } from '../context.js';

/** Base URL without a trailing slash. */
export function publicBaseUrl(ctx: RequestContext): string {
  const configured = ctx.gen.config.dashboard.publicUrl;
  if (configured !== undefined) return configured.replace(/\/+$/, '');
  const { trustProxy } = ctx.gen.config.server;
  const scheme = requestIsSecure(ctx.req, trustProxy) ? 'https' : 'http';
  const host = requestHost(ctx.req, trustProxy);
  if (host !== undefined) return `${scheme}://${host}`;
  const address = ctx.req.socket.localAddress ?? '127.0.0.1';
  return `${scheme}://${address.includes(':') ? `[${address}]` : address}:${ctx.req.socket.localPort ?? ''}`;
}
