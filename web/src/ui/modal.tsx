// A modal dialog on the native <dialog> element (focus trap and Escape come with it).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/i18n.js';

/** A modal with a title; `onClose` runs on Escape or the close button. */
export function Modal(props: { title: string; testid: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class={props.wide ? 'modal wide' : 'modal'}
      data-testid={props.testid}
      aria-labelledby={`${props.testid}-title`}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <header class="modal-head">
        <h2 id={`${props.testid}-title`}>{props.title}</h2>
        <button type="button" class="icon-button" aria-label={t('common.close')} title={t('common.close')} onClick={props.onClose}>
          ×
        </button>
      </header>
      <div class="modal-body">{props.children}</div>
    </dialog>
  );
}
