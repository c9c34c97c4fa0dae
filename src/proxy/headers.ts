// Header hygiene for both directions (reference/anthropic-wire.md). Outgoing headers are an
// explicit allow-list of the client's: Anthropic's version and beta headers and the client's
// identity (user agent, SDK and Claude Code headers) pass unchanged, plus whatever names an
// upstream's `forwardHeaders` adds; credentials, cookies and hop-by-hop headers (RFC 9110 §7.6.1)
// never, whatever a config says. Then the upstream's own key is set; nothing of the tenant's
// identity, address or origin leaves.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { UpstreamConfig } from '../config/types.js';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Request headers that never go upstream (config/schema.ts refuses them in `forwardHeaders`). */
export const NEVER_FORWARD: ReadonlySet<string> = new Set([
  ...HOP_BY_HOP,
  'host',
  'authorization',
  'x-api-key',
  'cookie',
  'content-length', // recomputed by undici from the body actually sent
  'accept-encoding', // replaced: usage must stay readable
  'expect',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
]);

/** Client headers forwarded to every upstream: names, or prefixes ending in `*`. */
export const DEFAULT_FORWARD_HEADERS: readonly string[] = ['anthropic-*', 'x-app', 'x-stainless-*', 'x-claude-code-*', 'user-agent', 'content-type', 'accept'];

/** A compiled forward list. */
interface AllowList {
  names: ReadonlySet<string>;
  prefixes: readonly string[];
}

function compile(patterns: readonly string[]): AllowList {
  const names = new Set<string>();
  const prefixes: string[] = [];
  for (const p of patterns) {
    const lower = p.toLowerCase();
    if (lower.endsWith('*')) prefixes.push(lower.slice(0, -1));
    else names.add(lower);
  }
  return { names, prefixes };
}

function allows(list: AllowList, name: string): boolean {
  if (list.names.has(name)) return true;
  for (const p of list.prefixes) if (name.startsWith(p)) return true;
  return false;
}

const DEFAULT_ALLOW = compile(DEFAULT_FORWARD_HEADERS);
/** An upstream's extra names, compiled once per config generation's upstream object. */
const extrasByUpstream = new WeakMap<UpstreamConfig, AllowList | undefined>();

function extrasOf(upstream: UpstreamConfig): AllowList | undefined {
  if (extrasByUpstream.has(upstream)) return extrasByUpstream.get(upstream);
  const list = upstream.forwardHeaders.length > 0 ? compile(upstream.forwardHeaders) : undefined;
  extrasByUpstream.set(upstream, list);
  return list;
}

/** Response headers the gateway does not pass back: framing is its own. */
const NEVER_RETURN = new Set([...HOP_BY_HOP, 'content-length', 'set-cookie', 'alt-svc', 'date', 'server']);

/**
 * Headers for the upstream request: those of `incoming` on the default list or the upstream's
 * `forwardHeaders`, plus those of `extrasFrom` (a client whose headers are otherwise not passed,
 * the OpenAI endpoint's) on the upstream's list only; then the upstream's key.
 */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, upstream: UpstreamConfig, extrasFrom?: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  const extras = extrasOf(upstream);
  copyAllowed(incoming, out, DEFAULT_ALLOW, extras);
  if (extrasFrom && extras) copyAllowed(extrasFrom, out, extras, undefined);
  out['accept-encoding'] = 'identity';
  if (!out['anthropic-version']) out['anthropic-version'] = '2023-06-01';
  if (upstream.key) {
    if (upstream.authHeader === 'bearer') out['authorization'] = `Bearer ${upstream.key}`;
    else out['x-api-key'] = upstream.key;
  }
  return out;
}

function copyAllowed(from: IncomingHttpHeaders, out: Record<string, string>, list: AllowList, alsoList: AllowList | undefined): void {
  const connectionListed = listedInConnection(from['connection']);
  for (const name in from) {
    const value = from[name];
    if (value === undefined || NEVER_FORWARD.has(name) || connectionListed?.has(name)) continue;
    if (!allows(list, name) && !(alsoList && allows(alsoList, name))) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
}

/** Header names a `Connection` header lists (hop-by-hop too); undefined for none. */
function listedInConnection(value: string | string[] | undefined): Set<string> | undefined {
  // The usual values name no header: skip the parse on every keep-alive request.
  if (!value || value === 'keep-alive' || value === 'close') return undefined;
  const text = Array.isArray(value) ? value.join(',') : value;
  return new Set(text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/** Headers to send back to the client from an upstream response. */
export function clientResponseHeaders(upstream: Record<string, string | string[] | undefined>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name in upstream) {
    const value = upstream[name];
    if (value === undefined || NEVER_RETURN.has(name)) continue;
    out[name] = value;
  }
  return out;
}
