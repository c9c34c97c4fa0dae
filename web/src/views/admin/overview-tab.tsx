// The admin overview: every tenant's usage (or one tenant's), optionally several tenants
// overlaid in one chart, in the admin's chosen time zone.
import { useSignal, type Signal } from '@preact/signals';
import { fetchTenants } from '../../api/endpoints.js';
import { t } from '../../i18n/i18n.js';
import { ReportSection } from '../../report/report-section.js';
import { TzPicker } from '../../report/tz-picker.js';
import { useLoader } from '../../ui/use-loader.js';
import { configVersion } from './live-store.js';
import { TenantPicker } from './tenant-picker.js';

/** The overview tab. */
export function OverviewTab(props: { tz: Signal<string> }) {
  const tenantId = useSignal<string>('');
  const compare = useSignal<string[]>([]);
  const tz = props.tz.value;
  const tenants = useLoader(`tenants-${tz}-${configVersion.value}`, () => fetchTenants({ range: { preset: 'today' }, tz, bucket: 'day' }));
  const options = (tenants.data.value?.tenants ?? []).map((row) => ({ id: row.id, name: row.name }));
  return (
    <div data-testid="admin-overview">
      <ReportSection
        tz={tz}
        admin
        tenantId={tenantId.value || undefined}
        tenants={compare.value}
        extraControls={
          <div class="control-row">
            <TzPicker tz={props.tz} />
            <label>
              {t('overview.tenant')}
              <select data-testid="tenant-select" value={tenantId.value} onChange={(e) => (tenantId.value = e.currentTarget.value)}>
                <option value="">{t('overview.allTenants')}</option>
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name} ({o.id})
                  </option>
                ))}
              </select>
            </label>
            <TenantPicker options={options} selected={compare} />
          </div>
        }
      />
    </div>
  );
}
