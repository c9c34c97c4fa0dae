// The audit log: who changed which tenant or upstream, field by field (keys never appear).
import type { AuditEntry } from '../../api/contract.js';
import { fetchAudit } from '../../api/endpoints.js';
import { formatDateTime } from '../../format/time.js';
import { t, type MessageKey } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/error-note.js';
import { useLoader } from '../../ui/use-loader.js';
import { configVersion } from './live-store.js';

const ACTIONS: Record<AuditEntry['action'], MessageKey> = {
  'tenant.create': 'audit.tenantCreate',
  'tenant.update': 'audit.tenantUpdate',
  'tenant.rotate': 'audit.tenantRotate',
  'tenant.delete': 'audit.tenantDelete',
  'upstream.create': 'audit.upstreamCreate',
  'upstream.update': 'audit.upstreamUpdate',
  'upstream.delete': 'audit.upstreamDelete',
};

const AUDIT_ROWS = 200;

function show(v: unknown): string {
  return v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** The audit tab. */
export function AuditTab(props: { tz: string }) {
  const audit = useLoader(`audit-${configVersion.value}`, () => fetchAudit(AUDIT_ROWS));
  const entries = audit.data.value?.entries ?? [];
  return (
    <div data-testid="admin-audit">
      <ErrorNote error={audit.error.value} testid="audit-error" />
      <div class="table-scroll">
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('table.time')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.target')}</th>
              <th scope="col">{t('audit.changes')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 ? (
              <tr>
                <td colSpan={5} class="muted">
                  {t('common.noData')}
                </td>
              </tr>
            ) : null}
            {entries.map((e, i) => (
              <tr key={`${e.ts}-${i}`} data-action={e.action}>
                <td>{formatDateTime(e.ts, props.tz)}</td>
                <td>{e.actor === 'file' ? t('audit.file') : e.actor}</td>
                <td>{t(ACTIONS[e.action] ?? 'audit.other')}</td>
                <td>{e.target}</td>
                <td>
                  <ul class="changes">
                    {Object.entries(e.changes).map(([field, [before, after]]) => (
                      <li key={field}>
                        <code>{field}</code>: {show(before)} → {show(after)}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
