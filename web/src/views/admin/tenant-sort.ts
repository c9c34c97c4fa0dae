// Sorting and searching the admin's tenant table (pure functions over rows).
import type { TenantRow, WindowKind } from '../../api/contract.js';

export type SortColumn = 'name' | 'status' | 'spend' | WindowKind | 'requests' | 'hitRate' | 'lastSeen';
export interface SortState {
  column: SortColumn;
  descending: boolean;
}

function windowUse(row: TenantRow, kind: WindowKind): number {
  const w = row.windows.find((x) => x.kind === kind);
  return w && w.limitNano > 0 ? w.usedNano / w.limitNano : -1;
}

function sortValue(row: TenantRow, column: SortColumn): number | string {
  switch (column) {
    case 'name':
      return row.name.toLowerCase();
    case 'status':
      return row.enabled ? 1 : 0;
    case 'spend':
      return row.chargedNano;
    case 'requests':
      return row.requests;
    case 'hitRate':
      return row.cacheHitRate;
    case 'lastSeen':
      return row.lastSeenMs ?? -1;
    case 'daily':
    case 'weekly':
    case 'monthly':
    case '5h':
      return windowUse(row, column);
    default: {
      const never: never = column;
      return never;
    }
  }
}

/** Rows whose name, id or allowed models contain `search` (case-insensitive), sorted. */
export function sortAndFilter(rows: TenantRow[], search: string, sort: SortState): TenantRow[] {
  const needle = search.trim().toLowerCase();
  const hits = needle ? rows.filter((r) => r.name.toLowerCase().includes(needle) || r.id.toLowerCase().includes(needle) || r.allowedModels.some((m) => m.toLowerCase().includes(needle))) : rows;
  const dir = sort.descending ? -1 : 1;
  return [...hits].sort((a, b) => {
    const x = sortValue(a, sort.column);
    const y = sortValue(b, sort.column);
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
    return c !== 0 ? c * dir : a.id.localeCompare(b.id);
  });
}
