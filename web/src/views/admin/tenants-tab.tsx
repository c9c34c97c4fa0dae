// The tenants tab: search, the sortable table, and the dialogs for create, edit, rotate, delete
// and the one-time key display. Reloads when the server reports a config change.
import { useSignal, type Signal } from '@preact/signals';
import type { Preset, TenantRow } from '../../api/contract.js';
import { deleteTenant, fetchTenants, patchTenant } from '../../api/endpoints.js';
import type { ApiError } from '../../api/http.js';
import { t, type MessageKey } from '../../i18n/i18n.js';
import { TzPicker } from '../../report/tz-picker.js';
import { ErrorNote } from '../../ui/error-note.js';
import { useLoader } from '../../ui/use-loader.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { KeyDialog } from './key-dialog.js';
import { configVersion } from './live-store.js';
import { RotateDialog } from './rotate-dialog.js';
import { TenantFormDialog } from './tenant-form-dialog.js';
import { TenantTable, type TenantAction } from './tenant-table.js';
import type { SortState } from './tenant-sort.js';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; row: TenantRow }
  | { kind: 'rotate'; row: TenantRow }
  | { kind: 'delete'; row: TenantRow }
  | { kind: 'key'; name: string; apiKey: string; oldKeyValidUntil?: string | null };

const PRESETS: ReadonlyArray<[Preset, MessageKey]> = [
  ['today', 'range.today'],
  ['7d', 'range.7d'],
  ['30d', 'range.30d'],
  ['month', 'range.month'],
];

/** The tenants tab. */
export function TenantsTab(props: { tz: Signal<string> }) {
  const tz = props.tz.value;
  const preset = useSignal<Preset>('today');
  const search = useSignal('');
  const sort = useSignal<SortState>({ column: 'spend', descending: true });
  const dialog = useSignal<Dialog | undefined>(undefined);
  const failure = useSignal<ApiError | undefined>(undefined);
  const table = useLoader(`tenants-${tz}-${preset.value}-${configVersion.value}`, () => fetchTenants({ range: { preset: preset.value }, tz, bucket: 'day' }));
  const close = () => (dialog.value = undefined);
  const act = (action: TenantAction, row: TenantRow) => {
    failure.value = undefined;
    if (action === 'toggle') {
      patchTenant(row.id, { enabled: !row.enabled }).then(
        () => void table.reload(),
        (err: ApiError) => (failure.value = err),
      );
    } else dialog.value = { kind: action, row };
  };
  const d = dialog.value;
  return (
    <div data-testid="admin-tenants">
      <div class="controls control-row">
        <TzPicker tz={props.tz} />
        <label>
          {t('tenants.period')}
          <select data-testid="tenants-range" value={preset.value} onChange={(e) => (preset.value = e.currentTarget.value as Preset)}>
            {PRESETS.map(([p, label]) => (
              <option key={p} value={p}>
                {t(label)}
              </option>
            ))}
          </select>
        </label>
        <label class="grow">
          {t('tenants.search')}
          <input type="search" data-testid="tenant-search" value={search.value} onInput={(e) => (search.value = e.currentTarget.value)} />
        </label>
        <button type="button" class="primary" data-testid="tenant-create" onClick={() => (dialog.value = { kind: 'create' })}>
          {t('tenants.new')}
        </button>
      </div>
      <ErrorNote error={table.error.value ?? failure.value} testid="tenants-error" />
      {table.data.value ? <TenantTable rows={table.data.value.tenants} search={search.value} sort={sort} tz={tz} onAction={act} /> : <p class="muted">{t('common.loading')}</p>}
      {d?.kind === 'create' || d?.kind === 'edit' ? (
        <TenantFormDialog
          {...(d.kind === 'edit' ? { row: d.row } : {})}
          defaultTz={tz}
          onClose={close}
          onSaved={(created) => {
            void table.reload();
            dialog.value = created ? { kind: 'key', name: created.tenant.name, apiKey: created.apiKey } : undefined;
          }}
        />
      ) : null}
      {d?.kind === 'rotate' ? (
        <RotateDialog
          row={d.row}
          onClose={close}
          onRotated={(r) => {
            void table.reload();
            dialog.value = { kind: 'key', name: r.tenant.name, apiKey: r.apiKey, oldKeyValidUntil: r.oldKeyValidUntil };
          }}
        />
      ) : null}
      {d?.kind === 'delete' ? (
        <ConfirmDialog
          testid="delete-dialog"
          title={t('tenants.deleteTitle', { name: d.row.name })}
          message={t('tenants.deleteConfirm', { name: d.row.name, id: d.row.id })}
          confirmLabel={t('tenants.delete')}
          action={async () => {
            await deleteTenant(d.row.id);
            void table.reload();
          }}
          onClose={close}
        />
      ) : null}
      {d?.kind === 'key' ? <KeyDialog tenantName={d.name} apiKey={d.apiKey} {...(d.oldKeyValidUntil !== undefined ? { oldKeyValidUntil: d.oldKeyValidUntil } : {})} tz={tz} onClose={close} /> : null}
    </div>
  );
}
