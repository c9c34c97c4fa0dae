// Headers of every /dashboard/api answer, errors included: never cached (it carries usage data or
// a session), never rendered as a page, never framed. JSON needs no sources at all, hence a CSP
// stricter than the page's. No CORS headers: the API answers only the dashboard's own origin.
import type { ServerResponse } from 'node:http';

/** Security headers of the dashboard's JSON and event-stream answers. */
export const DASHBOARD_API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

/** Sets them before the head is written (the server's error renderer keeps headers already set). */
export function setDashboardApiHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(DASHBOARD_API_HEADERS)) res.setHeader(name, value);
}
