// Header hygiene for both directions (reference/anthropic-wire.md). Outgoing headers are built
// by copying what the client sent minus credentials, cookies and hop-by-hop headers (RFC 9110
// §7.6.1), then setting the upstream's own key; nothing of the tenant's identity leaves.
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

/** Request headers that never go upstream. */
const NEVER_FORWARD = new Set([
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

/** Response headers the gateway does not pass back: framing is its own. */
const NEVER_RETURN = new Set([...HOP_BY_HOP, 'content-length', 'set-cookie', 'alt-svc', 'date', 'server']);

/** Headers for the upstream request: the client's minus credentials/hop-by-hop, plus the upstream key. */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, upstream: UpstreamConfig): Record<string, string> {
  const out: Record<string, string> = {};
  const connectionListed = listedInConnection(incoming['connection']);
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || NEVER_FORWARD.has(name) || connectionListed?.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  out['accept-encoding'] = 'identity';
  if (!out['anthropic-version']) out['anthropic-version'] = '2023-06-01';
  if (upstream.key) {
    if (upstream.authHeader === 'bearer') out['authorization'] = `Bearer ${upstream.key}`;
    else out['x-api-key'] = upstream.key;
  }
  return out;
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
