// A button that copies a text to the clipboard and says so for two seconds.
import { useSignal } from '@preact/signals';
import { t } from '../i18n/i18n.js';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (plain http on a non-local address): copy through a hidden selection.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** Copies `text` when clicked. */
export function CopyButton(props: { text: string; testid?: string; label?: string }) {
  const state = useSignal<'idle' | 'copied' | 'failed'>('idle');
  const onClick = async () => {
    state.value = (await copyText(props.text)) ? 'copied' : 'failed';
    setTimeout(() => (state.value = 'idle'), 2000);
  };
  return (
    <button type="button" class="copy-button" data-testid={props.testid} onClick={onClick} aria-live="polite">
      {state.value === 'copied' ? t('common.copied') : state.value === 'failed' ? t('common.copyFailed') : (props.label ?? t('common.copy'))}
    </button>
  );
}
