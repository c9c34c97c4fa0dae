// Upstreams, live: the first list from GET /upstreams, then every snapshot from the event
// stream. Cooldowns count down locally from the time left the server reported.
import { useSignal } from '@preact/signals';
import type { UpstreamRow, UpstreamState } from '../../api/contract.js';
import { fetchUpstreams, patchUpstream } from '../../api/endpoints.js';
import type { ApiError } from '../../api/http.js';
import { formatInt, formatMs, formatPercent } from '../../format/numbers.js';
import { formatDuration } from '../../format/time.js';
import { t, type MessageKey } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/error-note.js';
import { nowMs } from '../../ui/now.js';
import { useLoader } from '../../ui/use-loader.js';
import { liveUpstreams } from './live-store.js';
import { UpstreamFormDialog } from './upstream-form-dialog.js';

const STATES: Record<UpstreamState, MessageKey> = { healthy: 'upstreams.healthy', cooling: 'upstreams.cooling', disabled: 'upstreams.disabled' };
const TONES: Record<UpstreamState, string> = { healthy: 'good', cooling: 'warn', disabled: 'bad' };

/** The upstreams tab. */
export function UpstreamsTab() {
  const first = useLoader('upstreams', () => fetchUpstreams());
  const editing = useSignal<UpstreamRow | undefined>(undefined);
  const failure = useSignal<ApiError | undefined>(undefined);
  const live = liveUpstreams.value;
  const rows = live?.rows ?? first.data.value?.upstreams ?? [];
  const receivedAt = live?.receivedAtMs ?? Date.now();
  const now = nowMs.value;
  const toggle = (row: UpstreamRow) => {
    failure.value = undefined;
    patchUpstream(row.id, { enabled: !row.enabled }).then(
      () => void first.reload(),
      (err: ApiError) => (failure.value = err),
    );
  };
  return (
    <div data-testid="admin-upstreams">
      {first.data.value ? (
        <p class="muted small" data-testid="upstream-strategy">
          {t('upstreams.strategy', { strategy: first.data.value.strategy })}
        </p>
      ) : null}
      <ErrorNote error={first.error.value ?? failure.value} testid="upstreams-error" />
      <div class="table-scroll">
        <table data-testid="upstreams-table">
          <thead>
            <tr>
              <th scope="col">{t('upstreams.name')}</th>
              <th scope="col">{t('upstreams.state')}</th>
              <th scope="col">{t('upstreams.cooldown')}</th>
              <th scope="col">{t('upstreams.inFlight')}</th>
              <th scope="col">{t('upstreams.latency')}</th>
              <th scope="col">{t('table.ttfb')}</th>
              <th scope="col">{t('upstreams.errorRate')}</th>
              <th scope="col">{t('upstreams.weight')}</th>
              <th scope="col">{t('upstreams.priority')}</th>
              <th scope="col">{t('upstreams.note')}</th>
              <th scope="col">{t('upstreams.lastError')}</th>
              <th scope="col">{t('tenants.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => {
              const left = u.cooldownRemainingMs === null ? null : Math.max(0, u.cooldownRemainingMs - (now - receivedAt));
              return (
                <tr key={u.id} data-key={u.id} data-state={u.state}>
                  <th scope="row">
                    {u.name} <span class="muted small">{u.id}</span>
                    <div class="muted small">{u.url}</div>
                  </th>
                  <td data-col="state">
                    <span class={`badge ${TONES[u.state]}`}>{t(STATES[u.state])}</span>
                  </td>
                  <td data-col="cooldown">
                    {u.cooldownReason ? <span>{u.cooldownReason}</span> : null}
                    {left !== null ? <span data-testid={`cooldown-${u.id}`}> · {formatDuration(left)}</span> : null}
                    {!u.cooldownReason && left === null ? '—' : null}
                  </td>
                  <td class="num" data-col="inFlight" data-value={u.inFlight}>
                    {formatInt(u.inFlight)}
                  </td>
                  <td class="num" data-col="latency" data-value={u.latencyEwmaMs ?? ''}>
                    {formatMs(u.latencyEwmaMs)}
                  </td>
                  <td class="num" data-col="ttfb" data-value={u.ttfbEwmaMs ?? ''}>
                    {formatMs(u.ttfbEwmaMs)}
                  </td>
                  <td class="num" data-col="errorRate" data-value={u.errorRate ?? ''}>
                    {u.errorRate === null ? '—' : formatPercent(u.errorRate)}
                  </td>
                  <td class="num">{u.weight}</td>
                  <td class="num">{u.priority}</td>
                  <td>{u.note}</td>
                  <td class="small">{u.lastError ? `${u.lastError.reason}${u.lastError.status ? ` (${u.lastError.status})` : ''}` : '—'}</td>
                  <td>
<div class="actions">
                    <button type="button" class="small" data-testid={`upstream-toggle-${u.id}`} onClick={() => toggle(u)}>
                      {u.enabled ? t('tenants.disable') : t('tenants.enable')}
                    </button>
                    <button type="button" class="small" data-testid={`upstream-edit-${u.id}`} onClick={() => (editing.value = u)}>
                      {t('tenants.edit')}
                    </button>
                  </div>
</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editing.value ? (
        <UpstreamFormDialog
          row={editing.value}
          onClose={() => (editing.value = undefined)}
          onSaved={() => {
            editing.value = undefined;
            void first.reload();
          }}
        />
      ) : null}
    </div>
  );
}
