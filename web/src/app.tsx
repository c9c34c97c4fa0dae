// The app shell: asks the server who is signed in, then shows the sign-in page, the tenant's
// page or the admin's dashboard, and keeps the URL fragment in step with that.
import { useEffect } from 'preact/hooks';
import type { SessionInfo } from './api/contract.js';
import { t } from './i18n/i18n.js';
import { navigate, route } from './router.js';
import { refreshSession, session } from './session.js';
import { HeaderBar } from './ui/header-bar.js';
import { stopLive } from './views/admin/live-store.js';
import { AdminView } from './views/admin/admin-view.js';
import { LoginView } from './views/login/login-view.js';
import { TenantView } from './views/tenant/tenant-view.js';

function homeOf(s: SessionInfo): string {
  return s.role === 'admin' ? 'admin/overview' : 'tenant';
}

/** The whole app. */
export function App() {
  useEffect(() => {
    void refreshSession();
  }, []);
  const s = session.value;
  const section = route.value.parts[0];
  useEffect(() => {
    if (s === undefined) return;
    if (s === null) {
      stopLive();
      if (section !== 'login') navigate('login', true);
    } else if (section !== (s.role === 'admin' ? 'admin' : 'tenant')) navigate(homeOf(s), true);
  }, [s, section]);
  return (
    <>
      <HeaderBar />
      {s === undefined ? (
        <p class="muted page" data-testid="app-loading">
          {t('common.loading')}
        </p>
      ) : s === null ? (
        <LoginView
          onSignedIn={(next) => {
            session.value = next;
            navigate(homeOf(next), true);
          }}
        />
      ) : s.role === 'admin' ? (
        <AdminView session={s} />
      ) : (
        <TenantView session={s} />
      )}
      <footer class="foot muted small">{s ? t('app.version', { version: s.version }) : null}</footer>
    </>
  );
}
