// Headers every dashboard answer carries: the page and its assets get a strict CSP (no inline
// script or style, nothing from another origin, no framing); the JSON API gets a stricter one
// (JSON needs no sources at all) and is never cached, since it carries usage data or a session.
// No CORS headers anywhere: the dashboard answers only its own origin.
import type { ServerResponse } from 'node:http';

/** The dashboard page's Content-Security-Policy. */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const HARDENING = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' } as const;

/** Security headers of the page and its assets. */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-security-policy': DASHBOARD_CSP, ...HARDENING });

/** Headers of every /dashboard/api answer, errors and the event stream included. */
export const DASHBOARD_API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  ...HARDENING,
});

/** Sets `headers` before the head is written (the server's error renderer keeps headers already set). */
export function setHeaders(res: ServerResponse, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
