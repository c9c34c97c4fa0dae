// A multi-select of tenants to overlay in one chart (checkboxes under a disclosure).
import type { Signal } from '@preact/signals';
import { t } from '../../i18n/i18n.js';

/** At most this many tenants are overlaid (a chart with more lines is unreadable). */
export const MAX_COMPARED = 8;

/** Picks tenants to compare. */
export function TenantPicker(props: { options: Array<{ id: string; name: string }>; selected: Signal<string[]> }) {
  const chosen = props.selected.value;
  const toggle = (id: string, on: boolean) => {
    props.selected.value = on ? [...chosen, id].slice(0, MAX_COMPARED) : chosen.filter((x) => x !== id);
  };
  return (
    <details class="picker" data-testid="compare-select">
      <summary>{chosen.length > 0 ? t('overview.comparing', { n: chosen.length }) : t('overview.compare')}</summary>
      <div class="picker-list">
        {props.options.length === 0 ? <p class="muted small">{t('common.noData')}</p> : null}
        {props.options.map((o) => (
          <label key={o.id} class="check">
            <input type="checkbox" value={o.id} data-testid={`compare-${o.id}`} checked={chosen.includes(o.id)} disabled={!chosen.includes(o.id) && chosen.length >= MAX_COMPARED} onChange={(e) => toggle(o.id, e.currentTarget.checked)} />
            {o.name}
          </label>
        ))}
        {chosen.length > 0 ? (
          <button type="button" class="ghost small" onClick={() => (props.selected.value = [])}>
            {t('overview.clearCompare')}
          </button>
        ) : null}
      </div>
    </details>
  );
}
