// The dashboard's session cookie. Over TLS (or behind a trusted proxy that says https) it is
// `__Host-ccgate_session` with Secure, which browsers bind to this exact host; over plain http (a
// LAN address such as http://192.168.1.10:3000) it is `ccgate_session` without Secure, which
// browsers would otherwise drop. Always HttpOnly, SameSite=Strict, Path=/. It holds only the
// opaque session token, never a key. Each transport reads only its own name, so a cookie planted
// over plain http cannot stand in for the secure one.
import type { IncomingMessage } from 'node:http';
import { requestIsSecure } from '../client-address.js';

export const SECURE_COOKIE = '__Host-ccgate_session';
export const PLAIN_COOKIE = 'ccgate_session';

/** The cookie name for this request's transport. */
export function sessionCookieName(req: IncomingMessage, trustProxy: boolean): string {
  return requestIsSecure(req, trustProxy) ? SECURE_COOKIE : PLAIN_COOKIE;
}

/** The value of cookie `name` in the request's Cookie header (the first one), or undefined. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session token the request carries, or undefined. */
export function sessionToken(req: IncomingMessage, trustProxy: boolean): string | undefined {
  return readCookie(req, sessionCookieName(req, trustProxy));
}

/** Set-Cookie value carrying `token` for `maxAgeMs` (the session's absolute lifetime). */
export function sessionCookie(req: IncomingMessage, trustProxy: boolean, token: string, maxAgeMs: number): string {
  return cookieLine(req, trustProxy, token, Math.max(0, Math.floor(maxAgeMs / 1000)));
}

/** Set-Cookie value that makes the browser drop the session cookie. */
export function clearedSessionCookie(req: IncomingMessage, trustProxy: boolean): string {
  return cookieLine(req, trustProxy, '', 0);
}

function cookieLine(req: IncomingMessage, trustProxy: boolean, value: string, maxAgeSec: number): string {
  const secure = requestIsSecure(req, trustProxy);
  return `${secure ? SECURE_COOKIE : PLAIN_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSec}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
