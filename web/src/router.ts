// Hash routing (#/login?as=admin, #/tenant, #/admin/tenants): the server only ever sends the page,
// so every view is a fragment the browser never sends anywhere.
import { signal } from '@preact/signals';

export interface Route {
  /** Path segments after `#/`, e.g. ['admin', 'tenants']. */
  parts: string[];
  params: URLSearchParams;
}

function parse(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const q = text.indexOf('?');
  const path = q < 0 ? text : text.slice(0, q);
  return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(q < 0 ? '' : text.slice(q + 1)) };
}

/** The current route. */
export const route = signal<Route>(parse(location.hash));
let currentHash = location.hash;

// Back/forward and typed URLs; our own navigate() already set the route.
window.addEventListener('hashchange', () => {
  if (location.hash === currentHash) return;
  currentHash = location.hash;
  route.value = parse(location.hash);
});

/** Goes to `#/<path>`; `replace` keeps it out of the history. */
export function navigate(path: string, replace = false): void {
  const hash = `#/${path.replace(/^\/+/, '')}`;
  if (location.hash === hash) return;
  // The route signal is updated at once (hashchange comes later), so whatever runs next sees
  // where the app is going.
  if (replace) history.replaceState(null, '', hash);
  else location.hash = hash;
  currentHash = location.hash;
  route.value = parse(hash);
}
