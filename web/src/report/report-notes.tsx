// Trust notes under a report: whether the totals reconcile (Σ models = Σ tenants = Σ buckets =
// total, checked by the server in integer nano-USD) and which models were priced by fallback.
import type { UsageReport } from '../api/contract.js';
import { formatDateTime } from '../format/time.js';
import { t } from '../i18n/i18n.js';

/** The reconciliation line and the unpriced-model warning. */
export function ReportNotes(props: { report: UsageReport }) {
  const { reconciled, unpricedModels, range } = props.report;
  const ok = reconciled.byModel && reconciled.byBucket && reconciled.byTenant !== false && reconciled.byUpstream !== false;
  return (
    <div class="report-notes">
      {unpricedModels && unpricedModels.length > 0 ? (
        <p class="warn-note" role="status" data-testid="unpriced-models">
          {t('notes.unpriced', { models: unpricedModels.join(', ') })}
        </p>
      ) : null}
      <p class={ok ? 'muted small' : 'warn-note'} data-testid="reconciled" data-ok={String(ok)}>
        {ok ? t('notes.reconciled') : t('notes.notReconciled')}{' '}
        {t('notes.range', { from: formatDateTime(range.fromMs, range.tz), to: formatDateTime(range.toMs, range.tz), tz: range.tz })}
      </p>
    </div>
  );
}
