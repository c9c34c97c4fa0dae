// Recent requests, metadata only: time, model, status, tokens, cost, timings, attempts; the
// upstream column only where the viewer may see upstream names.
import type { RecentRequestJson } from '../../api/contract.js';
import { formatMs } from '../../format/numbers.js';
import { formatDateTime } from '../../format/time.js';
import { t } from '../../i18n/i18n.js';
import { IntCell, UsdCell } from '../../ui/cells.js';

/** A table of requests; `showTenant` adds the tenant column (admin feed). */
export function RecentTable(props: { rows: Array<RecentRequestJson & { tenantName?: string | null }>; tz: string; showUpstream: boolean; showTenant?: boolean; testid: string }) {
  return (
    <div class="table-scroll">
      <table class="recent" data-testid={props.testid}>
        <thead>
          <tr>
            <th scope="col">{t('table.time')}</th>
            {props.showTenant ? <th scope="col">{t('table.tenant')}</th> : null}
            <th scope="col">{t('table.model')}</th>
            <th scope="col">{t('table.endpoint')}</th>
            <th scope="col">{t('table.status')}</th>
            <th scope="col">{t('tokens.input')}</th>
            <th scope="col">{t('tokens.output')}</th>
            <th scope="col">{t('tokens.cacheRead')}</th>
            <th scope="col">{t('table.cacheWrite')}</th>
            <th scope="col">{t('table.charged')}</th>
            <th scope="col">{t('table.ttfb')}</th>
            <th scope="col">{t('table.duration')}</th>
            <th scope="col">{t('table.attempts')}</th>
            {props.showUpstream ? <th scope="col">{t('table.upstream')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={14} class="muted">
                {t('common.noData')}
              </td>
            </tr>
          ) : null}
          {props.rows.map((r) => (
            <tr key={r.requestId} data-key={r.requestId} class={r.status >= 400 ? 'failed' : undefined}>
              <td>{formatDateTime(r.ts, props.tz)}</td>
              {props.showTenant ? <td>{r.tenantName ?? r.tenantId ?? '—'}</td> : null}
              <td>
                {r.model ?? '—'}
                {r.priceFlagged ? (
                  <span class="badge warn" title={t('recent.flagged')}>
                    !
                  </span>
                ) : null}
                {r.usageEstimated ? (
                  <span class="badge warn" data-col="estimated" title={t('recent.estimated')}>
                    ≈
                  </span>
                ) : null}
              </td>
              <td>
                {r.endpoint}
                {r.stream ? <span class="muted small"> · {t('recent.stream')}</span> : null}
              </td>
              <td data-col="status" data-value={r.status} title={r.errorType ?? undefined}>
                <span class={r.status >= 400 ? 'badge bad' : 'badge good'}>{r.status}</span>
              </td>
              <IntCell col="input" value={r.tokens.input} />
              <IntCell col="output" value={r.tokens.output} />
              <IntCell col="cacheRead" value={r.tokens.cacheRead} />
              <IntCell col="cacheWrite" value={r.tokens.cacheWrite5m + r.tokens.cacheWrite1h} />
              <UsdCell col="chargedNano" nano={r.cost.chargedNano} />
              <td class="num">{formatMs(r.ttfbMs)}</td>
              <td class="num">{formatMs(r.durationMs)}</td>
              <td class="num">{r.attempts}</td>
              {props.showUpstream ? <td>{r.upstreamId ?? '—'}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
