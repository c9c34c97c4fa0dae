// The admin's sign-in form: username and password.
import { useSignal } from '@preact/signals';
import type { SessionInfo } from '../../api/contract.js';
import { login } from '../../api/endpoints.js';
import type { ApiError } from '../../api/http.js';
import { t } from '../../i18n/i18n.js';
import { loginErrorText } from './login-error.js';

/** Admin sign-in. */
export function AdminLoginForm(props: { onSignedIn: (s: SessionInfo) => void }) {
  const username = useSignal('');
  const password = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = undefined;
    try {
      const s = await login({ kind: 'admin', username: username.value, password: password.value });
      password.value = '';
      props.onSignedIn(s);
    } catch (err) {
      error.value = loginErrorText(err as ApiError, 'admin');
    } finally {
      password.value = '';
      busy.value = false;
    }
  };
  return (
    <form class="login-form" method="post" action="#" data-testid="login-form-admin" onSubmit={submit}>
      <label for="admin-username">{t('login.username')}</label>
      <input id="admin-username" name="username" autocomplete="username" required value={username.value} onInput={(e) => (username.value = e.currentTarget.value)} />
      <label for="admin-password">{t('login.password')}</label>
      <input id="admin-password" name="password" type="password" autocomplete="current-password" required value={password.value} onInput={(e) => (password.value = e.currentTarget.value)} />
      {error.value ? (
        <p class="error-note" role="alert" data-testid="login-error">
          {error.value}
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={busy.value} data-testid="login-submit-admin">
        {busy.value ? t('login.signingIn') : t('login.signIn')}
      </button>
    </form>
  );
}
