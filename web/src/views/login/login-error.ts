// What a failed sign-in says: wrong credentials, a disabled tenant, a refused origin (the page's
// address is not the gateway's, e.g. behind a proxy without publicUrl), or throttling with its wait.
import type { ApiError } from '../../api/http.js';
import { t } from '../../i18n/i18n.js';
import { errorText } from '../../ui/error-note.js';

/** The message for a failed sign-in of `kind`. */
export function loginErrorText(err: ApiError, kind: 'admin' | 'tenant'): string {
  if (err.status === 401) return kind === 'admin' ? t('login.badAdmin') : t('login.badKey');
  if (err.status === 403) return err.code === 'tenant_disabled' ? t('login.disabled') : t('login.crossOrigin');
  if (err.status === 429) return err.retryAfterSec ? t('login.throttled', { seconds: err.retryAfterSec }) : t('error.tooMany');
  return errorText(err);
}
