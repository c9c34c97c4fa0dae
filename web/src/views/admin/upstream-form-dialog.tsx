// Edit an upstream's weight, priority and note.
import { useSignal } from '@preact/signals';
import type { UpstreamRow } from '../../api/contract.js';
import { patchUpstream } from '../../api/endpoints.js';
import type { ApiError } from '../../api/http.js';
import { t } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/error-note.js';
import { Modal } from '../../ui/modal.js';

/** The upstream dialog. */
export function UpstreamFormDialog(props: { row: UpstreamRow; onClose: () => void; onSaved: () => void }) {
  const weight = useSignal(String(props.row.weight));
  const priority = useSignal(String(props.row.priority));
  const note = useSignal(props.row.note);
  const invalid = useSignal(false);
  const failure = useSignal<ApiError | undefined>(undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    const w = Number(weight.value);
    const p = Number(priority.value);
    invalid.value = !Number.isInteger(w) || w < 0 || !Number.isInteger(p);
    if (invalid.value) return;
    try {
      await patchUpstream(props.row.id, { weight: w, priority: p, note: note.value });
      props.onSaved();
    } catch (err) {
      failure.value = err as ApiError;
    }
  };
  return (
    <Modal testid="upstream-form" title={t('upstreams.editTitle', { name: props.row.name })} onClose={props.onClose}>
      <form class="form-grid" onSubmit={submit}>
        <div class="field">
          <label for="upstream-weight">{t('upstreams.weight')}</label>
          <input id="upstream-weight" type="number" min="0" step="1" value={weight.value} onInput={(e) => (weight.value = e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="upstream-priority">{t('upstreams.priority')}</label>
          <input id="upstream-priority" type="number" step="1" value={priority.value} onInput={(e) => (priority.value = e.currentTarget.value)} />
        </div>
        <div class="field wide">
          <label for="upstream-note">{t('upstreams.note')}</label>
          <input id="upstream-note" value={note.value} onInput={(e) => (note.value = e.currentTarget.value)} />
        </div>
        {invalid.value ? <p class="small bad wide">{t('form.integer')}</p> : null}
        <ErrorNote error={failure.value} testid="upstream-form-error" />
        <div class="dialog-actions wide">
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="primary" data-testid="upstream-form-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
