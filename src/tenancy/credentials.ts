// Where a client puts its tenant key: `x-api-key` (ANTHROPIC_API_KEY) or
// `Authorization: Bearer` (ANTHROPIC_AUTH_TOKEN, OpenAI clients). Query-string keys are refused
// on purpose: they end up in access logs and browser history.
import type { IncomingHttpHeaders } from 'node:http';

/** The key presented by the client, or undefined. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return apiKey.trim();
  const auth = headers['authorization'];
  if (typeof auth === 'string') {
    const m = /^\s*bearer\s+(.+?)\s*$/i.exec(auth);
    if (m?.[1]) return m[1];
  }
  return undefined;
}
