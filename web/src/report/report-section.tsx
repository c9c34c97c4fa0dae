// A usage report with its range and bucket controls: owns the question (signals) and loads the
// answer whenever it changes. Used by the tenant's page and the admin's overview.
import { useSignal, type Signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import type { BucketWidth } from '../api/contract.js';
import { fetchUsage } from '../api/endpoints.js';
import type { RangeChoice, UsageQuery } from '../api/usage-query.js';
import { t } from '../i18n/i18n.js';
import { ErrorNote } from '../ui/error-note.js';
import { useLoader } from '../ui/use-loader.js';
import { RangeControls } from './range-controls.js';
import { UsageReportView } from './usage-report-view.js';

/** Range and bucket signals of a report section, default today by hour. */
export function useRangeState(): { range: Signal<RangeChoice>; bucket: Signal<BucketWidth> } {
  return { range: useSignal<RangeChoice>({ preset: 'today' }), bucket: useSignal<BucketWidth>('hour') };
}

/** Controls and report for `tz` (and, for the admin, one tenant or an overlay of several). */
export function ReportSection(props: { tz: string; admin: boolean; tenantId?: string | undefined; tenants?: string[] | undefined; extraControls?: ComponentChildren; reloadKey?: number }) {
  const { range, bucket } = useRangeState();
  const q: UsageQuery = {
    range: range.value,
    tz: props.tz,
    bucket: bucket.value,
    ...(props.tenantId ? { tenantId: props.tenantId } : {}),
    ...(props.tenants && props.tenants.length > 0 ? { tenants: props.tenants } : {}),
  };
  const usage = useLoader(JSON.stringify([q, props.reloadKey ?? 0]), () => fetchUsage(q));
  const report = usage.data.value;
  return (
    <section class="report-section" aria-busy={usage.loading.value}>
      <div class="controls">
        {props.extraControls}
        <RangeControls range={range} bucket={bucket} tz={props.tz} />
      </div>
      <ErrorNote error={usage.error.value} testid="usage-error" />
      {report ? <UsageReportView report={report} admin={props.admin} /> : usage.loading.value ? <p class="muted">{t('common.loading')}</p> : null}
    </section>
  );
}
