// A tenant's sign-in form: the API key, masked, sent once and then forgotten by the page.
import { useSignal } from '@preact/signals';
import type { SessionInfo } from '../../api/contract.js';
import { login } from '../../api/endpoints.js';
import type { ApiError } from '../../api/http.js';
import { t } from '../../i18n/i18n.js';
import { loginErrorText } from './login-error.js';

/** Tenant sign-in. */
export function TenantLoginForm(props: { onSignedIn: (s: SessionInfo) => void }) {
  const apiKey = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = undefined;
    try {
      const s = await login({ kind: 'tenant', apiKey: apiKey.value.trim() });
      apiKey.value = '';
      props.onSignedIn(s);
    } catch (err) {
      error.value = loginErrorText(err as ApiError, 'tenant');
    } finally {
      apiKey.value = '';
      busy.value = false;
    }
  };
  return (
    <form class="login-form" method="post" action="#" data-testid="login-form-tenant" onSubmit={submit}>
      <label for="tenant-key">{t('login.apiKey')}</label>
      <input id="tenant-key" name="apiKey" type="password" autocomplete="off" spellcheck={false} required value={apiKey.value} onInput={(e) => (apiKey.value = e.currentTarget.value)} />
      <p class="muted small">{t('login.keyHint')}</p>
      {error.value ? (
        <p class="error-note" role="alert" data-testid="login-error">
          {error.value}
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={busy.value} data-testid="login-submit-tenant">
        {busy.value ? t('login.signingIn') : t('login.signIn')}
      </button>
    </form>
  );
}
