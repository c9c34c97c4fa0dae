// An API failure shown to the user in their language, with the server's code for support.
import type { ApiError } from '../api/http.js';
import { t } from '../i18n/i18n.js';

/** Readable text for a failed call. */
export function errorText(err: ApiError): string {
  if (err.code === 'network') return t('error.network');
  if (err.status === 401) return t('error.unauthenticated');
  if (err.status === 403) return t('error.forbidden');
  if (err.status === 404) return t('error.notFound');
  if (err.status === 429) return err.retryAfterSec ? t('error.tooManyRetry', { seconds: err.retryAfterSec }) : t('error.tooMany');
  if (err.status === 400) return t('error.invalid', { message: err.message });
  if (err.status >= 500) return t('error.server', { status: err.status });
  return t('error.generic', { status: err.status });
}

/** A red note for a failed call, or nothing. */
export function ErrorNote(props: { error: ApiError | undefined; testid?: string }) {
  if (!props.error) return null;
  return (
    <p class="error-note" role="alert" data-testid={props.testid ?? 'error-note'} data-code={props.error.code}>
      {errorText(props.error)}
    </p>
  );
}
