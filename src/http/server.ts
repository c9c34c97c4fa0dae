// The HTTP server: builds a RequestContext per request, dispatches by exact path, renders any
// failure in the route's protocol, and writes one access-log line when the response closes.
// Nothing a client sends can crash the process or go unanswered: every error ends as an error
// answer or a clean close, and the connection guard bounds what one client can hold open.
import { createServer, ServerResponse, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Generation, Services } from '../app-types.js';
import { GatewayError, toGatewayError } from '../domain/errors.js';
import { newRequestId } from '../domain/ids.js';
import { AbortFlag } from '../proxy/abort-flag.js';
import { clientAddress } from './client-address.js';
import type { RequestContext } from './context.js';
import { adminPathRoute } from './dashboard/ingress.js';
import { answerAndClose, capConnectionsPerAddress, closeIfBodyStalls } from './connection-guard.js';
import { addCorsHeaders, answerPreflight, isCorsPath } from './cors.js';
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

/** Status of a raw answer to a request Node's parser refused (its default handler's choices). */
const CLIENT_ERROR_STATUS: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408, HPE_CHUNK_EXTENSIONS_OVERFLOW: 413 };

/** Creates the server; `generation()` returns the config generation for a new request. */
export function createGatewayServer(routes: RouteTable, services: Services, generation: () => Generation): GatewayServer {
  let inFlight = 0;
  // requestTimeout stays off: a 32 MB upload may take longer than any total a streaming client
  // would accept. The body has its own idle limit (read-body.ts, connection-guard.ts).
  const options = { keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000, ServerResponse: GatewayResponse };
  /** The response a connection is busy with: a parse error then must not write into it. */
  const answering = new WeakMap<Socket, GatewayResponse>();
  const server = createServer<typeof IncomingMessage, typeof GatewayResponse>(options, (req, res) => {
    if (cap.refused(req.socket)) return; // its 429 is out and the socket is closing
    inFlight++;
    answering.set(req.socket, res);
    serve(req, res, routes, services, generation(), {
      closed: () => {
        if (answering.get(req.socket) === res) answering.delete(req.socket);
      },
      ended: () => inFlight--,
    });
  });
  const cap = capConnectionsPerAddress(server, () => generation().config.server.maxConnectionsPerClient);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (answering.has(socket) || !socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = CLIENT_ERROR_STATUS[err.code ?? ''] ?? 400;
    answerAndClose(socket, `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });
  return { server, inFlight: () => inFlight };
}

/**
 * Serves one request. It ends when its answer has closed AND its handler has returned: a client
 * that left early is still being settled (ledger row, access-log status) until then, and a
 * graceful stop waits for that. Nothing a client sends may escape the error path: a throw here
 * would leave the request unanswered and in flight for good.
 */
function serve(req: IncomingMessage, res: GatewayResponse, routes: RouteTable, services: Services, gen: Generation, hooks: { closed(): void; ended(): void }): void {
  let ctx: RequestContext | undefined;
  let route: Route | undefined;
  let parts = 2;
  const partDone = () => {
    if (--parts > 0) return;
    hooks.ended();
    if (ctx) recordEndSafely(ctx, route, gen.config.server.trustProxy);
  };
  res.once('close', () => {
    hooks.closed();
    if (!req.complete) closeIfBodyStalls(req, gen.config.server.bodyTimeoutMs);
    if (ctx && !res.writableFinished) ctx.clientSignal.abort(new Error('client closed the connection'));
    partDone();
  });
  try {
    const { path, search } = splitTarget(req.url ?? '/');
    ctx = { req, res, path, search, requestId: newRequestId(), startedAt: services.clock.now(), gen, services, clientSignal: new AbortFlag(), access: {} };
    route = routes.find(path) ?? adminPathRoute(path, gen.config);
    res.ctx = ctx;
    if (isCorsPath(path)) {
      addCorsHeaders(res);
      if (req.method === 'OPTIONS' && route) {
        answerPreflight(req, res, Object.keys(route.methods));
        ctx.access.status = 204;
        partDone();
        return;
      }
    }
    dispatch(route, ctx).then(partDone, (err: unknown) => {
      services.logs.app.error({ err, requestId: ctx?.requestId }, 'error answer failed');
      res.destroy();
      partDone();
    });
  } catch (err) {
    services.logs.app.error({ err, requestId: ctx?.requestId }, 'request could not be dispatched');
    if (!res.headersSent) sendError(res, 'plain', new GatewayError('internal', 'Internal gateway error'), ctx?.requestId ?? '');
    else res.destroy();
    partDone();
  }
}

/** At most this much of a path is quoted back in a 404. */
const MAX_QUOTED_PATH = 120;

async function dispatch(route: Route | undefined, ctx: RequestContext): Promise<void> {
  const { path } = ctx;
  const protocol = route?.protocol ?? protocolForPath(path);
  try {
    const quoted = path.length > MAX_QUOTED_PATH ? `${path.slice(0, MAX_QUOTED_PATH)}…` : path;
    if (!route) throw new GatewayError('not_found', `Not found: ${ctx.req.method} ${quoted}`);
    const handler = route.methods[ctx.req.method ?? 'GET'] ?? (ctx.req.method === 'HEAD' ? route.methods['GET'] : undefined);
    if (!handler) throw new GatewayError('not_found', `Method ${ctx.req.method} is not supported on ${quoted}`);
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

function recordEndSafely(ctx: RequestContext, route: Route | undefined, trustProxy: boolean): void {
  try {
    recordEnd(ctx, route, trustProxy);
  } catch (err) {
    ctx.services.logs.app.error({ err, requestId: ctx.requestId }, 'recording the end of a request failed');
  }
}

/** Writes the access-log line and counts the request in the metrics. */
function recordEnd(ctx: RequestContext, route: Route | undefined, trustProxy: boolean): void {
  const a = ctx.access;
  const status = a.status ?? ctx.res.statusCode;
  const durationMs = ctx.services.clock.now() - ctx.startedAt;
  ctx.services.logs.access.write({
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

