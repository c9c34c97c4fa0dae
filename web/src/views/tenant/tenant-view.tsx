// A tenant's own page (phone-first): limits now, usage over a range in the tenant's budget zone,
// recent requests, and how to set up Claude Code and OpenAI apps.
import { useSignal } from '@preact/signals';
import type { SessionInfo } from '../../api/contract.js';
import { fetchLimits, fetchRecent, fetchSetup } from '../../api/endpoints.js';
import { t } from '../../i18n/i18n.js';
import { ReportSection } from '../../report/report-section.js';
import { ErrorNote } from '../../ui/error-note.js';
import { useLoader } from '../../ui/use-loader.js';
import { LimitsPanel } from './limits-panel.js';
import { RecentTable } from './recent-table.js';
import { SetupPanel } from './setup-panel.js';

const RECENT_ROWS = 50;

/** The tenant view. */
export function TenantView(props: { session: SessionInfo }) {
  const tz = props.session.tenant?.timezone ?? 'UTC';
  const limits = useLoader('limits', () => fetchLimits());
  const recent = useLoader('recent', () => fetchRecent(RECENT_ROWS));
  const setup = useLoader('setup', () => fetchSetup());
  const refreshed = useSignal(0);
  const refresh = () => {
    void limits.reload();
    void recent.reload();
    refreshed.value++;
  };
  return (
    <main class="page tenant-page" data-testid="tenant-view">
      <div class="page-head">
        <h1>{props.session.tenant?.name ?? t('tenant.title')}</h1>
        <span class="tz-note" data-testid="tenant-tz">
          {t('chart.timesIn', { tz })}
        </span>
        <button type="button" class="ghost" data-testid="refresh" onClick={refresh}>
          {t('common.refresh')}
        </button>
      </div>
      <h2>{t('limits.title')}</h2>
      <ErrorNote error={limits.error.value} testid="limits-error" />
      {limits.data.value ? <LimitsPanel limits={limits.data.value} /> : null}
      <h2>{t('tenant.usage')}</h2>
      <ReportSection tz={tz} admin={false} reloadKey={refreshed.value} />
      <section class="card" data-testid="card-recent">
        <header class="card-head">
          <h2>{t('recent.title')}</h2>
        </header>
        <ErrorNote error={recent.error.value} testid="recent-error" />
        <RecentTable testid="recent-table" rows={recent.data.value?.requests ?? []} tz={tz} showUpstream={props.session.upstreamVisibleToTenants} />
      </section>
      <ErrorNote error={setup.error.value} testid="setup-error" />
      {setup.data.value ? <SetupPanel setup={setup.data.value} /> : null}
    </main>
  );
}
