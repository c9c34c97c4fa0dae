// A yes/no confirmation for a destructive action.
import { useSignal } from '@preact/signals';
import type { ApiError } from '../../api/http.js';
import { t } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/error-note.js';
import { Modal } from '../../ui/modal.js';

/** Asks before `action` runs; closes when it succeeds. */
export function ConfirmDialog(props: { title: string; message: string; confirmLabel: string; testid: string; action: () => Promise<void>; onClose: () => void }) {
  const busy = useSignal(false);
  const failure = useSignal<ApiError | undefined>(undefined);
  const confirm = async () => {
    busy.value = true;
    try {
      await props.action();
      props.onClose();
    } catch (err) {
      failure.value = err as ApiError;
    } finally {
      busy.value = false;
    }
  };
  return (
    <Modal testid={props.testid} title={props.title} onClose={props.onClose}>
      <p>{props.message}</p>
      <ErrorNote error={failure.value} testid={`${props.testid}-error`} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" class="danger" disabled={busy.value} data-testid={`${props.testid}-confirm`} onClick={() => void confirm()}>
          {props.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
