// Create or edit a tenant: name, allowed models, every limit, time zone, price multiplier.
// Creating returns the new key, which the caller shows once.
import { useSignal } from '@preact/signals';
import type { TenantCreated, TenantRow } from '../../api/contract.js';
import { createTenant, patchTenant } from '../../api/endpoints.js';
import type { ApiError } from '../../api/http.js';
import { allZones } from '../../format/time.js';
import { t, type MessageKey } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/error-note.js';
import { Modal } from '../../ui/modal.js';
import { fieldsOf, inputOf, type FieldError, type TenantFields } from './tenant-form.js';

const REASONS: Record<FieldError['reason'], MessageKey> = {
  required: 'form.required',
  number: 'form.number',
  integer: 'form.integer',
  multiplier: 'form.multiplier',
};

type TextField = Exclude<keyof TenantFields, 'enabled'>;

/** The tenant dialog; `row` absent means create. */
export function TenantFormDialog(props: { row?: TenantRow; defaultTz: string; onClose: () => void; onSaved: (created?: TenantCreated) => void }) {
  const creating = !props.row;
  const fields = useSignal<TenantFields>(fieldsOf(props.row, props.defaultTz));
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<ApiError | undefined>(undefined);
  const busy = useSignal(false);
  const set = (name: keyof TenantFields, value: string | boolean) => (fields.value = { ...fields.value, [name]: value });
  const errorOf = (name: keyof TenantFields) => errors.value.find((e) => e.field === name);

  const text = (name: TextField, label: MessageKey, opts: { type?: string; hint?: MessageKey; step?: string } = {}) => {
    const err = errorOf(name);
    return (
      <div class="field">
        <label for={`tenant-${name}`}>{t(label)}</label>
        <input id={`tenant-${name}`} name={name} type={opts.type ?? 'text'} step={opts.step} inputMode={opts.type === 'number' ? 'decimal' : undefined} value={fields.value[name]} aria-invalid={err ? true : undefined} onInput={(e) => set(name, e.currentTarget.value)} />
        {opts.hint ? <span class="small muted">{t(opts.hint)}</span> : null}
        {err ? <span class="small bad">{t(REASONS[err.reason])}</span> : null}
      </div>
    );
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const { input, errors: found } = inputOf(fields.value, creating);
    errors.value = found;
    if (found.length > 0) return;
    busy.value = true;
    failure.value = undefined;
    try {
      if (props.row) {
        const { id: _id, ...patch } = input;
        await patchTenant(props.row.id, patch);
        props.onSaved();
      } else props.onSaved(await createTenant(input));
    } catch (err) {
      failure.value = err as ApiError;
    } finally {
      busy.value = false;
    }
  };

  return (
    <Modal testid="tenant-form" title={creating ? t('tenants.createTitle') : t('tenants.editTitle', { name: props.row?.name ?? '' })} onClose={props.onClose} wide>
      <form class="form-grid" onSubmit={submit} data-testid="tenant-form-fields">
        {creating ? text('id', 'tenants.id', { hint: 'tenants.idHint' }) : null}
        {text('name', 'tenants.name')}
        <div class="field wide">
          <label for="tenant-allowedModels">{t('tenants.models')}</label>
          <textarea id="tenant-allowedModels" rows={3} value={fields.value.allowedModels} onInput={(e) => set('allowedModels', e.currentTarget.value)} />
          <span class="small muted">{t('tenants.modelsHint')}</span>
        </div>
        {text('fiveHour', 'tenants.limit5h', { type: 'number', step: 'any' })}
        {text('daily', 'tenants.limitDaily', { type: 'number', step: 'any' })}
        {text('weekly', 'tenants.limitWeekly', { type: 'number', step: 'any' })}
        {text('monthly', 'tenants.limitMonthly', { type: 'number', step: 'any' })}
        {text('rpm', 'tenants.rpm', { type: 'number', step: '1' })}
        {text('concurrency', 'tenants.concurrency', { type: 'number', step: '1' })}
        <div class="field">
          <label for="tenant-timezone">{t('tz.label')}</label>
          <select id="tenant-timezone" value={fields.value.timezone} onChange={(e) => set('timezone', e.currentTarget.value)}>
            {(allZones().includes(fields.value.timezone) ? allZones() : [fields.value.timezone, ...allZones()]).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </div>
        {text('priceMultiplier', 'tenants.multiplier', { type: 'number', step: 'any', hint: 'tenants.multiplierHint' })}
        <label class="check wide">
          <input type="checkbox" checked={fields.value.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
          {t('tenants.enabled')}
        </label>
        <p class="small muted wide">{t('tenants.blankIsNoLimit')}</p>
        <ErrorNote error={failure.value} testid="tenant-form-error" />
        <div class="dialog-actions wide">
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="primary" disabled={busy.value} data-testid="tenant-form-save">
            {creating ? t('tenants.create') : t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
