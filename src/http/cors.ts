// CORS for the API paths, so browser-based OpenAI apps (NextChat and LobeChat in browser mode,
// web playgrounds) can call the gateway. Credentials travel in headers, never cookies, so any
// origin may call: a page without a tenant key gets nothing but a 401.
import type { IncomingMessage, ServerResponse } from 'node:http';

const API_PREFIXES = ['/openai/', '/anthropic/', '/api/'];
const EXPOSED = 'x-ccgate-request-id, x-ccgate-warnings, x-ccgate-token-count, request-id, retry-after, server-timing';

/** True for paths browser clients may call. */
export function isCorsPath(path: string): boolean {
  return API_PREFIXES.some((p) => path.startsWith(p));
}

/** Adds the CORS response headers; answers a preflight completely and returns true. */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', EXPOSED);
  if (req.method !== 'OPTIONS') return false;
  const asked = req.headers['access-control-request-headers'];
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': typeof asked === 'string' && /^[\w\s,-]*$/.test(asked) ? asked : 'authorization, content-type, x-api-key, anthropic-version, anthropic-beta',
    'access-control-max-age': '86400',
  });
  res.end();
  return true;
}
