// The tenants table: sortable columns (spend per window vs limits, requests, cache hit rate, last
// seen, status) and the row actions.
import type { Signal } from '@preact/signals';
import type { TenantRow, WindowKind } from '../../api/contract.js';
import { formatInt, formatNanoUsd, formatUsdExact } from '../../format/numbers.js';
import { formatDateTime } from '../../format/time.js';
import { t, type MessageKey } from '../../i18n/i18n.js';
import { IntCell, PercentCell } from '../../ui/cells.js';
import { ProgressBar } from '../../ui/progress-bar.js';
import { sortAndFilter, type SortColumn, type SortState } from './tenant-sort.js';

export type TenantAction = 'edit' | 'toggle' | 'rotate' | 'delete';

const WINDOWS: ReadonlyArray<[WindowKind, MessageKey]> = [
  ['5h', 'limits.5h'],
  ['daily', 'limits.daily'],
  ['weekly', 'limits.weekly'],
  ['monthly', 'limits.monthly'],
];

function SortHeader(props: { column: SortColumn; label: string; sort: Signal<SortState> }) {
  const s = props.sort.value;
  const active = s.column === props.column;
  return (
    <th scope="col" aria-sort={active ? (s.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class="sort" data-testid={`sort-${props.column}`} onClick={() => (props.sort.value = { column: props.column, descending: active ? !s.descending : props.column !== 'name' })}>
        {props.label}
        <span aria-hidden="true">{active ? (s.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}

function WindowCell(props: { row: TenantRow; kind: WindowKind; label: string }) {
  const w = props.row.windows.find((x) => x.kind === props.kind);
  if (!w) return <td class="muted" data-col={props.kind}>—</td>;
  return (
    <td data-col={props.kind} data-used-nano={w.usedNano} data-limit-nano={w.limitNano} class="window-cell">
      <span>
        {formatNanoUsd(w.usedNano)} / {formatNanoUsd(w.limitNano)}
      </span>
      <ProgressBar ratio={w.limitNano > 0 ? w.usedNano / w.limitNano : 0} label={props.label} />
    </td>
  );
}

/** The tenants table; `onAction` runs a row's action. */
export function TenantTable(props: { rows: TenantRow[]; search: string; sort: Signal<SortState>; tz: string; onAction: (action: TenantAction, row: TenantRow) => void }) {
  const rows = sortAndFilter(props.rows, props.search, props.sort.value);
  return (
    <div class="table-scroll">
      <table data-testid="tenants-table">
        <thead>
          <tr>
            <SortHeader column="name" label={t('tenants.name')} sort={props.sort} />
            <SortHeader column="status" label={t('tenants.status')} sort={props.sort} />
            <SortHeader column="spend" label={t('tenants.spend')} sort={props.sort} />
            {WINDOWS.map(([kind, label]) => (
              <SortHeader key={kind} column={kind} label={t(label)} sort={props.sort} />
            ))}
            <SortHeader column="requests" label={t('table.requests')} sort={props.sort} />
            <SortHeader column="hitRate" label={t('cache.hitRate')} sort={props.sort} />
            <SortHeader column="lastSeen" label={t('tenants.lastSeen')} sort={props.sort} />
            <th scope="col">{t('tenants.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={11} class="muted">
                {t('common.noData')}
              </td>
            </tr>
          ) : null}
          {rows.map((row) => (
            <tr key={row.id} data-key={row.id} class={row.enabled ? undefined : 'disabled'}>
              <th scope="row">
                {row.name}
                <div class="muted small">{row.id}</div>
                {row.graceKeyUntil ? <div class="small warn">{t('tenants.graceUntil', { time: formatDateTime(Date.parse(row.graceKeyUntil), props.tz) })}</div> : null}
              </th>
              <td data-col="status">
                <span class={row.enabled ? 'badge good' : 'badge bad'}>{row.enabled ? t('tenants.enabled') : t('tenants.disabled')}</span>
              </td>
              {/* Short here so the table fits a laptop screen; the exact figure is in the title and data-value. */}
              <td class="num" data-col="chargedNano" data-value={row.chargedNano} title={formatUsdExact(row.chargedNano)}>
                {formatNanoUsd(row.chargedNano)}
              </td>
              {WINDOWS.map(([kind, label]) => (
                <WindowCell key={kind} row={row} kind={kind} label={t(label)} />
              ))}
              <IntCell col="requests" value={row.requests} />
              <PercentCell col="hitRate" ratio={row.cacheHitRate} />
              <td data-col="lastSeen" class="wrap">{row.lastSeenMs === null ? t('tenants.never') : formatDateTime(row.lastSeenMs, props.tz)}</td>
              <td>
<div class="actions">
                <button type="button" class="small" data-testid={`tenant-edit-${row.id}`} onClick={() => props.onAction('edit', row)}>
                  {t('tenants.edit')}
                </button>
                <button type="button" class="small" data-testid={`tenant-toggle-${row.id}`} onClick={() => props.onAction('toggle', row)}>
                  {row.enabled ? t('tenants.disable') : t('tenants.enable')}
                </button>
                <button type="button" class="small" data-testid={`tenant-rotate-${row.id}`} onClick={() => props.onAction('rotate', row)}>
                  {t('tenants.rotate')}
                </button>
                <button type="button" class="small danger" data-testid={`tenant-delete-${row.id}`} onClick={() => props.onAction('delete', row)}>
                  {t('tenants.delete')}
                </button>
              </div>
</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="small muted">{t('tenants.summary', { shown: formatInt(rows.length), total: formatInt(props.rows.length) })}</p>
    </div>
  );
}
