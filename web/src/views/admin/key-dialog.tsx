// A new tenant key, shown exactly once (after create or rotate): the server stores only its hash,
// so once this dialog closes the key is gone from the page too.
import { formatDateTime } from '../../format/time.js';
import { t } from '../../i18n/i18n.js';
import { CopyButton } from '../../ui/copy-button.js';
import { Modal } from '../../ui/modal.js';

/** Shows `apiKey` once. */
export function KeyDialog(props: { tenantName: string; apiKey: string; oldKeyValidUntil?: string | null; tz: string; onClose: () => void }) {
  return (
    <Modal testid="key-dialog" title={t('key.title', { name: props.tenantName })} onClose={props.onClose}>
      <p class="warn-note" data-testid="key-once">
        {t('key.once')}
      </p>
      <div class="key-box">
        <code data-testid="key-value">{props.apiKey}</code>
        <CopyButton text={props.apiKey} testid="key-copy" />
      </div>
      {props.oldKeyValidUntil ? (
        <p class="small" data-testid="key-grace">
          {t('key.graceUntil', { time: formatDateTime(Date.parse(props.oldKeyValidUntil), props.tz) })}
        </p>
      ) : props.oldKeyValidUntil === null ? (
        <p class="small" data-testid="key-grace">
          {t('key.oldRevoked')}
        </p>
      ) : null}
      <div class="dialog-actions">
        <button type="button" class="primary" data-testid="key-done" onClick={props.onClose}>
          {t('key.done')}
        </button>
      </div>
    </Modal>
  );
}
