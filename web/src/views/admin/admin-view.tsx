// The admin's dashboard: tabs for the overview, tenants, upstreams, the live feed and the audit
// log (each a #/admin/<tab> route), one time zone for all of them, and the live stream open
// while the admin is here.
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { SessionInfo } from '../../api/contract.js';
import { browserZone } from '../../format/time.js';
import { t, type MessageKey } from '../../i18n/i18n.js';
import { readPref } from '../../prefs/stored.js';
import { navigate, route } from '../../router.js';
import { TabBar } from '../../ui/tab-bar.js';
import { AuditTab } from './audit-tab.js';
import { LiveTab } from './live-tab.js';
import { liveStatus, startLive } from './live-store.js';
import { OverviewTab } from './overview-tab.js';
import { TenantsTab } from './tenants-tab.js';
import { UpstreamsTab } from './upstreams-tab.js';

const TABS = ['overview', 'tenants', 'upstreams', 'live', 'audit'] as const;
type TabKey = (typeof TABS)[number];
const LABELS: Record<TabKey, MessageKey> = { overview: 'admin.overview', tenants: 'admin.tenants', upstreams: 'admin.upstreams', live: 'admin.live', audit: 'admin.audit' };
const STATUS: Record<(typeof liveStatus)['value'], MessageKey> = { connecting: 'live.connecting', open: 'live.open', retrying: 'live.retrying', closed: 'live.closed' };

/** The admin view. */
export function AdminView(_props: { session: SessionInfo }) {
  const tz = useSignal(readPref('tz') ?? browserZone());
  const asked = route.value.parts[1];
  const tab: TabKey = (TABS as readonly string[]).includes(asked ?? '') ? (asked as TabKey) : 'overview';
  useEffect(() => {
    startLive();
  }, []);
  return (
    <main class="page admin-page" data-testid="admin-view">
      <div class="page-head">
        <TabBar<TabKey> label={t('admin.sections')} testidPrefix="admin-tab" tabs={TABS.map((key) => ({ key, label: t(LABELS[key]) }))} selected={tab} onSelect={(k) => navigate(`admin/${k}`)} />
        <span class={`live-dot ${liveStatus.value}`} data-testid="live-status" data-status={liveStatus.value}>
          {t(STATUS[liveStatus.value])}
        </span>
      </div>
      <div role="tabpanel" aria-labelledby={`admin-tab-${tab}`}>
        {tab === 'overview' ? <OverviewTab tz={tz} /> : null}
        {tab === 'tenants' ? <TenantsTab tz={tz} /> : null}
        {tab === 'upstreams' ? <UpstreamsTab /> : null}
        {tab === 'live' ? <LiveTab tz={tz.value} /> : null}
        {tab === 'audit' ? <AuditTab tz={tz.value} /> : null}
      </div>
    </main>
  );
}
