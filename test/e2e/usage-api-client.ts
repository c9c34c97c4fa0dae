// HTTP helpers for the usage API tests: JSON calls that keep every answer's text, so a test can
// check afterwards that no answer ever carried prompt or answer content.
import assert from 'node:assert/strict';

/** One answer: status, headers, parsed body and raw text. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  json: T;
  text: string;
}

/** Every answer body any client made so far (for the no-content check). */
export const seenBodies: string[] = [];

/** Sends a request and parses the JSON answer. */
export async function call<T = Record<string, unknown>>(base: string, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...opts.headers },
    ...(opts.body === undefined ? {} : { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  seenBodies.push(text);
  return { status: res.status, headers: res.headers, json: JSON.parse(text) as T, text };
}

/** Logs the admin in and returns the Authorization header of the session. */
export async function adminSession(base: string, username: string, password: string): Promise<Record<string, string>> {
  const r = await call<{ token: string; tokenType: string }>(base, 'POST', '/admin/api/login', { body: { username, password } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.tokenType, 'Bearer');
  return { authorization: `Bearer ${r.json.token}` };
}

/** Asserts the plain error shape {"error":{"code","message"}} with a status and code. */
export function assertPlainError(r: Answer, status: number, code: string, message?: RegExp): void {
  assert.equal(r.status, status, r.text);
  const err = (r.json as { error?: { code?: string; message?: string } }).error;
  assert.equal(err?.code, code, r.text);
  assert.equal(typeof err?.message, 'string');
  if (message) assert.match(err!.message!, message);
}
