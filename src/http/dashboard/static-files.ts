// GET/HEAD /dashboard (and /dashboard/) → the app's index.html; /dashboard/assets/<file> → a built
// asset. Compressed twin chosen by Accept-Encoding, ETag with 304, hashed assets cached for a year,
// the page revalidated every time, and the dashboard's security headers on every answer. The app
// routes on the URL fragment (#/...), so the page itself is the only HTML the server sends.
import type { RequestContext } from '../context.js';
import { GatewayError } from '../../domain/errors.js';
import { sendError } from '../respond.js';
import { pickCoding, type Coding } from './accept-encoding.js';
import { DASHBOARD_SECURITY_HEADERS, setHeaders } from './security-headers.js';
import { DEFAULT_WEB_ROOT, loadStaticBundle, type BuiltFile, type StaticBundle } from './static-bundle.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** The page and asset handlers of the route table. */
export interface DashboardStaticHandlers {
  page(ctx: RequestContext): Promise<void>;
  asset(ctx: RequestContext, name: string): Promise<void>;
}

function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (typeof header !== 'string') return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

function send(ctx: RequestContext, file: BuiltFile, cacheControl: string): void {
  const { req, res } = ctx;
  const available = new Set<Coding>(file.coded.keys());
  const coding = pickCoding(typeof req.headers['accept-encoding'] === 'string' ? req.headers['accept-encoding'] : undefined, available);
  const rep = coding ? file.coded.get(coding)! : file.identity;
  const headers: Record<string, string | number> = {
    'content-type': file.contentType,
    'cache-control': cacheControl,
    etag: rep.etag,
    vary: 'accept-encoding',
  };
  if (coding) headers['content-encoding'] = coding;
  if (matchesEtag(req.headers['if-none-match'], rep.etag)) {
    ctx.access.status = 304;
    res.writeHead(304, headers).end();
    return;
  }
  headers['content-length'] = rep.body.length;
  ctx.access.status = 200;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : rep.body);
}

/** Handlers serving the build under `root` (default dist/web next to the compiled gateway). */
export function dashboardStaticHandlers(root: string = DEFAULT_WEB_ROOT): DashboardStaticHandlers {
  let bundle: StaticBundle | undefined;
  let warned = false;
  // Loaded at first use and kept; a missing build is looked for again on the next request, so
  // building while the gateway runs is enough. Answered here rather than thrown: a missing build
  // is the operator's to fix, worth one warning in the log, not an internal error per request.
  const load = (ctx: RequestContext): StaticBundle | undefined => {
    setHeaders(ctx.res, DASHBOARD_SECURITY_HEADERS);
    bundle ??= loadStaticBundle(root);
    if (bundle) return bundle;
    if (!warned) ctx.services.logs.app.warn({ root }, 'dashboard not built: run npm run build');
    warned = true;
    ctx.access.status = 503;
    sendError(ctx.res, 'plain', new GatewayError('internal', 'dashboard not built: run npm run build', { status: 503 }), ctx.requestId);
    return undefined;
  };
  return {
    async page(ctx) {
      const built = load(ctx);
      if (built) send(ctx, built.index, REVALIDATE);
    },
    async asset(ctx, name) {
      const built = load(ctx);
      if (!built) return;
      const file = built.assets.get(name);
      if (!file) throw new GatewayError('not_found', `Not found: ${ctx.path}`);
      send(ctx, file, IMMUTABLE);
    },
  };
}
