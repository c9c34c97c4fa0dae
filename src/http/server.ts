// The HTTP server: builds a RequestContext per request, dispatches by exact path, renders any
// failure in the route's protocol, and writes one access-log line when the response closes.
// Nothing a client sends can crash the process: every handler error ends as an error answer.
import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Generation, Services } from '../app-types.js';
import { GatewayError, toGatewayError } from '../domain/errors.js';
import { newRequestId } from '../domain/ids.js';
import { AbortFlag } from '../proxy/abort-flag.js';
import { clientAddress } from './client-address.js';
import type { RequestContext } from './context.js';
import { applyCors, isCorsPath } from './cors.js';
import { adminPathRoute } from './dashboard/ingress.js';
import { protocolForPath, type Route, type RouteTable } from './route-table.js';
import { sendError } from './respond.js';

export interface GatewayServer {
  server: Server<typeof IncomingMessage, typeof GatewayResponse>;
  /** Requests being answered now. */
  inFlight(): number;
}

/** Path and query of a request target; an absolute-form target is reduced to its path. */
export function splitTarget(target: string): { path: string; search: string } {
  if (!target.startsWith('/')) {
    try {
      const url = new URL(target);
      return { path: url.pathname, search: url.search };
    } catch {
      return { path: '/', search: '' };
    }
  }
  const q = target.indexOf('?');
  return q < 0 ? { path: target, search: '' } : { path: target.slice(0, q), search: target.slice(q) };
}

/** Creates the server; `generation()` returns the config generation for a new request. */
export function createGatewayServer(routes: RouteTable, services: Services, generation: () => Generation): GatewayServer {
  let inFlight = 0;
  const options = { keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000, ServerResponse: GatewayResponse };
  const server = createServer<typeof IncomingMessage, typeof GatewayResponse>(options, (req, res) => {
    inFlight++;
    const gen = generation();
    const clientSignal = new AbortFlag();
    const { path, search } = splitTarget(req.url ?? '/');
    const ctx: RequestContext = { req, res, path, search, requestId: newRequestId(), startedAt: services.clock.now(), gen, services, clientSignal, access: {} };
    const route = routes.find(path) ?? adminPathRoute(path, gen.config);
    res.ctx = ctx;
    if (isCorsPath(path) && applyCors(req, res)) {
      inFlight--;
      return;
    }
    res.on('close', () => {
      inFlight--;
      if (!res.writableFinished) clientSignal.abort(new Error('client closed the connection'));
      recordEnd(ctx, route, gen.config.server.trustProxy);
    });
    void dispatch(route, ctx);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  return { server, inFlight: () => inFlight };
}

async function dispatch(route: Route | undefined, ctx: RequestContext): Promise<void> {
  const { path } = ctx;
  const protocol = route?.protocol ?? protocolForPath(path);
  try {
    if (!route) throw new GatewayError('not_found', `Not found: ${ctx.req.method} ${path}`);
    const handler = route.methods[ctx.req.method ?? 'GET'] ?? (ctx.req.method === 'HEAD' ? route.methods['GET'] : undefined);
    if (!handler) throw new GatewayError('not_found', `Method ${ctx.req.method} is not supported on ${path}`);
    await handler(ctx);
  } catch (err) {
    const gerr = toGatewayError(err);
    if (gerr.code === 'internal') ctx.services.logs.app.error({ err, requestId: ctx.requestId, path }, 'unhandled error in route');
    ctx.access.status = gerr.status;
    ctx.access.errorCode = gerr.code;
    if (!ctx.res.headersSent) sendError(ctx.res, protocol, gerr, ctx.requestId);
    else ctx.res.destroy();
  }
}

/**
 * The server's response class. Every answer carries its request id and Server-Timing (the
 * gateway's own time apart from waiting on upstreams), whichever handler writes it: both are added
 * as the head goes out (also the implicit head of a bare `end()`), using the committed attempt's
 * time when the handler recorded it in `ctx.access.ttfbMs`. A subclass rather than a per-request
 * wrapper keeps every response the same shape for V8.
 */
export class GatewayResponse extends ServerResponse {
  ctx: RequestContext | undefined = undefined;
}

const baseWriteHead = ServerResponse.prototype.writeHead;
GatewayResponse.prototype.writeHead = function (this: GatewayResponse, ...args: unknown[]) {
  const { ctx } = this;
  if (ctx) {
    const upstream = ctx.access.ttfbMs ?? ctx.access.attempts?.reduce((sum, a) => sum + a.latencyMs, 0) ?? 0;
    const totalMs = ctx.services.clock.now() - ctx.startedAt;
    if (!this.hasHeader('x-ccgate-request-id')) this.setHeader('x-ccgate-request-id', ctx.requestId);
    if (!this.hasHeader('server-timing')) this.setHeader('server-timing', `gateway;dur=${Math.max(0, totalMs - upstream)}, upstream;dur=${upstream}`);
  }
  return Reflect.apply(baseWriteHead, this, args) as GatewayResponse;
} as GatewayResponse['writeHead'];

/** Writes the access-log line and counts the request in the metrics. */
function recordEnd(ctx: RequestContext, route: Route | undefined, trustProxy: boolean): void {
  const a = ctx.access;
  const status = a.status ?? ctx.res.statusCode;
  const durationMs = ctx.services.clock.now() - ctx.startedAt;
  ctx.services.logs.access.info({
    requestId: ctx.requestId,
    method: ctx.req.method,
    path: ctx.path, // the query string is left out: it could carry a key
    status,
    durationMs,
    client: clientAddress(ctx.req, trustProxy),
    aborted: ctx.clientSignal.aborted || undefined,
    ...a,
  });
  ctx.services.metrics.requestEnded({ endpoint: route?.pattern ?? 'unmatched', status, errorCode: a.errorCode, durationMs });
}

