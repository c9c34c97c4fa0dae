// Who is signed in: undefined while asking the server, null when nobody. The session itself is
// an HttpOnly cookie the page never sees; this is only the server's description of it.
import { signal } from '@preact/signals';
import type { SessionInfo } from './api/contract.js';
import { fetchSession, logout } from './api/endpoints.js';
import { setUnauthenticatedHandler, type ApiError } from './api/http.js';
import { navigate } from './router.js';

/** The current session, null when signed out, undefined until known. */
export const session = signal<SessionInfo | null | undefined>(undefined);

/** Back to the sign-in page with a notice that the session ended. */
function expire(): void {
  session.value = null;
  navigate('login?expired=1');
}

/**
 * Asks the server who is signed in. A 401 ends a known session (with a notice); any other failure
 * (gateway restarting, network) keeps what we had, except on first load, which then shows sign-in.
 */
export async function refreshSession(): Promise<void> {
  try {
    session.value = await fetchSession();
  } catch (err) {
    if ((err as ApiError).status === 401 && session.value) expire();
    else if (session.value === undefined || (err as ApiError).status === 401) session.value = null;
  }
}

/** Ends the session on the server and shows the sign-in page. */
export async function signOut(): Promise<void> {
  try {
    await logout();
  } finally {
    session.value = null;
    navigate('login');
  }
}

setUnauthenticatedHandler(() => {
  if (session.value) expire();
});
