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

/** Handlers of a route with one path parameter. */
export type ParamHandlers = Partial<Record<string, (ctx: RequestContext, param: string) => Promise<void>>>;

/**
 * Exact-path routes plus routes with one parameter segment: at the end (/v1/models/{id}) or
 * before a fixed suffix (/tenants/{id}/rotate).
 */
export class RouteTable {
  private readonly exact = new Map<string, Route>();
  private readonly prefixed: Array<{ prefix: string; suffix: string; protocol: Protocol; methods: ParamHandlers }> = [];

  /** Handlers for an exact path; a path added again gains the new methods (features register apart). */
  add(path: string, protocol: Protocol, methods: Route['methods']): this {
    const existing = this.exact.get(path);
    if (existing) Object.assign(existing.methods, methods);
    else this.exact.set(path, { protocol, methods: { ...methods }, pattern: path });
    return this;
  }

  /** A route matching `prefix` + one segment (`suffix` after it, when given). */
  addPrefix(prefix: string, protocol: Protocol, methods: ParamHandlers, suffix = ''): this {
    const existing = this.prefixed.find((p) => p.prefix === prefix && p.suffix === suffix);
    if (existing) Object.assign(existing.methods, methods);
    else this.prefixed.push({ prefix, suffix, protocol, methods: { ...methods } });
    return this;
  }

  /** The route for a path, with the handler bound to a prefix parameter when needed. */
  find(path: string): Route | undefined {
    const normalised = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const hit = this.exact.get(normalised);
    if (hit) return hit;
    for (const p of this.prefixed) {
      if (!normalised.startsWith(p.prefix) || !normalised.endsWith(p.suffix) || normalised.length < p.prefix.length + p.suffix.length) continue;
      const raw = normalised.slice(p.prefix.length, normalised.length - p.suffix.length);
      if (!raw || raw.includes('/')) continue;
      const param = decodeParam(raw);
      if (param === undefined || param.includes('/')) continue;
      const methods: Route['methods'] = {};
      for (const [m, h] of Object.entries(p.methods)) if (h) methods[m] = (ctx) => h(ctx, param);
      return { protocol: p.protocol, methods, pattern: `${p.prefix}{id}${p.suffix}` };
    }
    return undefined;
  }
}

/** A percent-decoded path segment; undefined for a malformed escape (a 404, not a thrown URIError). */
function decodeParam(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Error protocol for a path no route matched. */
export function protocolForPath(path: string): Protocol {
  if (path.startsWith('/openai')) return 'openai';
  if (path.startsWith('/admin') || path.startsWith('/api/') || path === '/dashboard' || path.startsWith('/dashboard/') || path === '/usage' || path === '/metrics') return 'plain';
  return 'anthropic';
}
