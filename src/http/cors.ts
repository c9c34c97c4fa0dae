// CORS for the API paths, so browser-based OpenAI and Anthropic apps (NextChat and LobeChat in
// browser mode, web playgrounds) can call the gateway. Credentials travel in headers, never
// cookies, so any origin may call: a page without a tenant key gets nothing but a 401. What a
// preflight allows is narrow all the same: only paths the gateway serves, and only the request
// headers the browser SDKs send (never `cookie`, never whatever a page asks for).
import type { IncomingMessage, ServerResponse } from 'node:http';

const API_PREFIXES = ['/openai/', '/anthropic/', '/api/'];
const EXPOSED = 'x-ccgate-request-id, x-ccgate-warnings, x-ccgate-token-count, request-id, retry-after, server-timing';

/** Request headers a browser may send: the OpenAI and Anthropic SDKs' own and the standard ones. */
const ALLOWED_NAMES = new Set(['authorization', 'content-type', 'accept', 'accept-language', 'x-api-key', 'x-app', 'x-requested-with']);
const ALLOWED_PREFIXES = ['anthropic-', 'openai-', 'x-stainless-', 'x-claude-code-'];
/** An RFC 9110 token: what may be echoed back as a header name. */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
/** Answer to a preflight that names no header. */
const DEFAULT_ALLOWED = 'authorization, content-type, x-api-key, anthropic-version, anthropic-beta';

/** True for paths browser clients may call. */
export function isCorsPath(path: string): boolean {
  return API_PREFIXES.some((p) => path.startsWith(p));
}

/** True for a request header a browser client may send. */
export function corsHeaderAllowed(name: string): boolean {
  return (ALLOWED_NAMES.has(name) || ALLOWED_PREFIXES.some((p) => name.startsWith(p))) && HEADER_NAME.test(name);
}

/** Adds the CORS headers every answer on an API path carries. */
export function addCorsHeaders(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', EXPOSED);
}

/**
 * Answers a preflight for a path the gateway serves with `methods`. Of the headers asked for, only
 * the allowed ones are listed: a browser then refuses a request that sends any other.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, methods: readonly string[]): void {
  const asked = req.headers['access-control-request-headers'];
  const names = typeof asked === 'string' ? asked.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '') : [];
  const allowed = names.filter(corsHeaderAllowed);
  res.writeHead(204, {
    'access-control-allow-methods': [...methods.filter((m) => m !== 'HEAD'), 'OPTIONS'].join(', '),
    'access-control-allow-headers': names.length > 0 ? allowed.join(', ') : DEFAULT_ALLOWED,
    'access-control-max-age': '86400',
  });
  res.end();
}
