// Which handler serves a method and path. Paths are matched exactly: anything unknown is a 404 in
// the right protocol's shape and is never proxied.
import type { RequestContext } from './context.js';
import type { Protocol } from './respond.js';

export type Handler = (ctx: RequestContext) => Promise<void>;

/** A route: protocol of its errors and one handler per method. */
export interface Route {
  protocol: Protocol;
  methods: Partial<Record<string, Handler>>;
  /** The path as registered (`{id}` for a prefix route's parameter): a bounded metrics label. */
  pattern: string;
}

/** Exact-path routes plus prefix routes with a trailing parameter (e.g. /v1/models/{id}). */
export class RouteTable {
  private readonly exact = new Map<string, Route>();
  private readonly prefixed: Array<{ prefix: string; protocol: Protocol; methods: Partial<Record<string, (ctx: RequestContext, param: string) => Promise<void>>> }> = [];

  add(path: string, protocol: Protocol, methods: Route['methods']): this {
    this.exact.set(path, { protocol, methods, pattern: path });
    return this;
  }

  addPrefix(prefix: string, protocol: Protocol, methods: Partial<Record<string, (ctx: RequestContext, param: string) => Promise<void>>>): this {
    this.prefixed.push({ prefix, protocol, methods });
    return this;
  }

  /** The route for a path, with the handler bound to a prefix parameter when needed. */
  find(path: string): Route | undefined {
    const normalised = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const hit = this.exact.get(normalised);
    if (hit) return hit;
    for (const p of this.prefixed) {
      if (!normalised.startsWith(p.prefix)) continue;
      const param = decodeParam(normalised.slice(p.prefix.length));
      if (!param || param.includes('/')) continue;
      const methods: Route['methods'] = {};
      for (const [m, h] of Object.entries(p.methods)) if (h) methods[m] = (ctx) => h(ctx, param);
      return { protocol: p.protocol, methods, pattern: `${p.prefix}{id}` };
    }
    return undefined;
  }
}

/** A percent-decoded path parameter; undefined for a malformed escape (`%ZZ`), which no route serves. */
function decodeParam(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Error protocol for a path no route matched. */
export function protocolForPath(path: string): Protocol {
  if (path.startsWith('/openai')) return 'openai';
  if (path.startsWith('/admin') || path.startsWith('/api/') || path === '/usage' || path === '/metrics') return 'plain';
  return 'anthropic';
}
