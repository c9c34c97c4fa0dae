// The sign-in page: two ways in, as tabs: a tenant with its API key, or the admin with username
// and password. The key and password go to the server once, in a POST body; the page keeps
// neither (the fields are cleared) and the session comes back as an HttpOnly cookie.
import { useSignal } from '@preact/signals';
import type { SessionInfo } from '../../api/contract.js';
import { t } from '../../i18n/i18n.js';
import { route } from '../../router.js';
import { TabBar } from '../../ui/tab-bar.js';
import { AdminLoginForm } from './admin-login-form.js';
import { TenantLoginForm } from './tenant-login-form.js';

type Way = 'tenant' | 'admin';

/** The sign-in page; `onSignedIn` gets the new session. */
export function LoginView(props: { onSignedIn: (s: SessionInfo) => void }) {
  const way = useSignal<Way>(route.value.params.get('as') === 'admin' ? 'admin' : 'tenant');
  const expired = route.value.params.get('expired') === '1';
  return (
    <main class="login-page" data-testid="login-view">
      <section class="card login-card">
        <h1>{t('login.title')}</h1>
        <p class="muted">{t('login.intro')}</p>
        {expired ? (
          <p class="info-note" data-testid="login-expired">
            {t('login.expired')}
          </p>
        ) : null}
        <TabBar<Way>
          label={t('login.title')}
          testidPrefix="login-tab"
          tabs={[
            { key: 'tenant', label: t('login.tenantTab') },
            { key: 'admin', label: t('login.adminTab') },
          ]}
          selected={way.value}
          onSelect={(k) => (way.value = k)}
        />
        <div role="tabpanel" aria-labelledby={`login-tab-${way.value}`}>
          {way.value === 'admin' ? <AdminLoginForm onSignedIn={props.onSignedIn} /> : <TenantLoginForm onSignedIn={props.onSignedIn} />}
        </div>
      </section>
    </main>
  );
}
