// Headers every dashboard answer carries (the page, its assets and the JSON API): a strict CSP
// (no inline script or style, nothing from another origin, no framing) and the usual hardening.
import type { ServerResponse } from 'node:http';

/** The dashboard's Content-Security-Policy. */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Security headers of every dashboard answer. */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

/** Sets the security headers on a response before its head is written (errors included). */
export function setDashboardSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(DASHBOARD_SECURITY_HEADERS)) res.setHeader(name, value);
}
