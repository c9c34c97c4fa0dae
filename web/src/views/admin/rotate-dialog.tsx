// Rotate a tenant's key, optionally keeping the old one valid for a grace period.
import { useSignal } from '@preact/signals';
import type { KeyRotated, TenantRow } from '../../api/contract.js';
import { rotateTenantKey } from '../../api/endpoints.js';
import type { ApiError } from '../../api/http.js';
import { t, type MessageKey } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/error-note.js';
import { Modal } from '../../ui/modal.js';

const GRACE: ReadonlyArray<[number, MessageKey]> = [
  [0, 'rotate.none'],
  [3600, 'rotate.hour'],
  [86_400, 'rotate.day'],
  [7 * 86_400, 'rotate.week'],
  [30 * 86_400, 'rotate.month'],
];

/** The rotate dialog. */
export function RotateDialog(props: { row: TenantRow; onClose: () => void; onRotated: (r: KeyRotated) => void }) {
  const grace = useSignal(0);
  const busy = useSignal(false);
  const failure = useSignal<ApiError | undefined>(undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    try {
      props.onRotated(await rotateTenantKey(props.row.id, grace.value > 0 ? { graceSeconds: grace.value } : {}));
    } catch (err) {
      failure.value = err as ApiError;
    } finally {
      busy.value = false;
    }
  };
  return (
    <Modal testid="rotate-dialog" title={t('rotate.title', { name: props.row.name })} onClose={props.onClose}>
      <form onSubmit={submit}>
        <p>{t('rotate.explain')}</p>
        <div class="field">
          <label for="rotate-grace">{t('rotate.grace')}</label>
          <select id="rotate-grace" data-testid="rotate-grace" value={String(grace.value)} onChange={(e) => (grace.value = Number(e.currentTarget.value))}>
            {GRACE.map(([sec, label]) => (
              <option key={sec} value={String(sec)}>
                {t(label)}
              </option>
            ))}
          </select>
        </div>
        <ErrorNote error={failure.value} testid="rotate-error" />
        <div class="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="primary" disabled={busy.value} data-testid="rotate-confirm">
            {t('rotate.confirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
