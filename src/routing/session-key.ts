// Finds the conversation a request belongs to, so routing can keep it on one upstream and its
// prompt cache warm (shared/reference/anthropic-wire.md). Only explicit session ids count: a key
// guessed from the `system` prompt would glue unrelated conversations of one app together.
import { MAX_SESSION_ID_CHARS } from './routing-defaults.js';

/** Header Claude Code sends with its session uuid. */
export const SESSION_HEADER = 'x-claude-code-session-id';

/** Claude Code before 2.x: `user_<hash>_account_<uuid or empty>_session_<uuid>`. */
const LEGACY_USER_ID = /^user_[A-Za-z0-9]*_account_[A-Za-z0-9-]*_session_([A-Za-z0-9-]+)$/;

/** Session id of a request: the header, else the `session_id` inside `metadata.user_id`. */
export function sessionKeyFrom(headers: Record<string, string | string[] | undefined>, body: unknown): string | undefined {
  return usable(headerValue(headers, SESSION_HEADER)) ?? usable(sessionFromUserId(userIdOf(body)));
}

/** The binding-table key: sessions of different tenants (and models) never share a binding. */
export function bindingKey(tenantId: string, sessionKey: string, model: string): string {
  // Length-prefixed so no tenant id can forge another tenant's key; the model is part of the key
  // because prompt caches are per model and Claude Code sends small-model side requests (titles,
  // summaries) under the same session id.
  return `${tenantId.length}:${tenantId}|${model.length}:${model}|${sessionKey}`;
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  // Node lower-cases header names; a hand-built record may not.
  let value = headers[name];
  if (value === undefined) {
    const found = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = found === undefined ? undefined : headers[found];
  }
  return Array.isArray(value) ? value.find((v) => v.trim() !== '') : value;
}

function userIdOf(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body['metadata'])) return undefined;
  const userId = body['metadata']['user_id'];
  return typeof userId === 'string' ? userId : undefined;
}

/** Claude Code 2.x sends a JSON-encoded object; older versions the legacy string form. */
function sessionFromUserId(userId: string | undefined): string | undefined {
  if (userId === undefined) return undefined;
  const text = userId.trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      const id = isRecord(parsed) ? parsed['session_id'] : undefined;
      return typeof id === 'string' ? id : undefined;
    } catch {
      return undefined;
    }
  }
  return LEGACY_USER_ID.exec(text)?.[1];
}

function usable(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= MAX_SESSION_ID_CHARS ? trimmed : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
