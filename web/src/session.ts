// Who is signed in: undefined while asking the server, null when nobody. The session itself is
// an HttpOnly cookie the page never sees; this is only the server's description of it.
import { signal } from '@preact/signals';
import type { SessionInfo } from './api/contract.js';
import { fetchSession, logout } from './api/endpoints.js';
import { setUnauthenticatedHandler } from './api/http.js';
import { navigate } from './router.js';

/** The current session, null when signed out, undefined until known. */
export const session = signal<SessionInfo | null | undefined>(undefined);

/** Asks the server who is signed in. */
export async function refreshSession(): Promise<void> {
  try {
    session.value = await fetchSession();
  } catch {
    session.value = null;
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
  if (session.value) {
    session.value = null;
    navigate('login?expired=1');
  }
});
