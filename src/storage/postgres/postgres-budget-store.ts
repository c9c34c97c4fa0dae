// Budget spend shared by every gateway instance on one PostgreSQL database. Hold, settle and used
// are one statement each (budget-functions.ts): one round trip per call, under a per-tenant
// advisory lock that is released when the statement ends, so two instances can never both see
// room under a limit that only one request fits in, and no lock waits on the network. Counters
// are seeded once per period from the ledger; the hot path reads only a handful of counter rows.
import pg from 'pg';
import { BUCKET_MS, ROLLING_WINDOW_MS, type BudgetWindow } from '../../domain/budget-windows.js';
import { checkWindows, type BudgetRefusal, type BudgetStore } from '../budget-types.js';
import { withSessionSettings } from './postgres-store.js';
import { safeIntegerTypes } from './safe-int-types.js';

const HOLD_SQL = 'SELECT used, held, rolling_reset FROM ccgate_budget_hold($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)';
const SETTLE_SQL = 'SELECT ccgate_budget_settle($1, $2, $3, $4, $5, $6)';
const USED_SQL = 'SELECT ccgate_budget_used($1, $2, $3, $4, $5, $6) AS used';

/** The windows as the functions' parallel array parameters (kinds, period starts, limits). */
function windowParams(windows: readonly BudgetWindow[]): [string[], number[], string[]] {
  // Limits go as decimal strings: NUMERIC takes any limit a config can hold.
  return [windows.map((w) => w.kind), windows.map((w) => Math.floor(w.periodStart)), windows.map((w) => BigInt(Math.round(w.limitNano)).toString())];
}

const toNumbers = (values: unknown): number[] => (Array.isArray(values) ? values.map(Number) : []);

/**
 * The budget connections' session: commits do not wait for the WAL flush. Every hold and settle
 * is a commit under the tenant's lock, so with flushes a tenant's requests queue behind the disk
 * (measured ~200 req/s for one tenant over two instances); without, they take ~0.1 ms. What this
 * risks is only a PostgreSQL crash forgetting the last moments' holds and counter updates, never
 * a ledger row (the ledger's own connections keep synchronous commits), and counters are seeded
 * again from the ledger at each new period. Other instances see a commit at once either way.
 */
const BUDGET_SESSION = '-c synchronous_commit=off';

/** Opens the shared budget store (its tables and functions come with the ledger's migrations). */
export async function openPostgresBudgetStore(url: string): Promise<BudgetStore> {
  const pool = new pg.Pool({ connectionString: withSessionSettings(url, BUDGET_SESSION), max: 10, types: safeIntegerTypes() });
  pool.on('error', () => undefined);
  return {
    async hold(tenantId, windows, requestId, amountNano, now, ttlMs, mode = 'below') {
      const [kinds, starts, limits] = windowParams(windows);
      const amount = Math.max(0, Math.ceil(amountNano));
      const { rows } = await pool.query<{ used: unknown; held: boolean; rolling_reset: unknown }>(HOLD_SQL, [tenantId, kinds, starts, limits, requestId, amount, now, ttlMs, mode === 'fit', BUCKET_MS, ROLLING_WINDOW_MS]);
      const row = rows[0];
      if (!row) throw new Error('ccgate_budget_hold returned no row');
      if (row.held) return undefined;
      const used = toNumbers(row.used);
      // The function applied the same rule; this names the window and the room left.
      const { failing, roomNano } = checkWindows(windows, used, amount, mode);
      const at = Math.max(0, failing);
      const w = windows[at]!;
      return { window: w, usedNano: used[at] ?? 0, resetAt: w.kind === '5h' ? Number(row.rolling_reset ?? now) : w.periodEnd, roomNano } satisfies BudgetRefusal;
    },
    async settle(tenantId, requestId, chargedNano, ts) {
      await pool.query(SETTLE_SQL, [tenantId, requestId, Math.round(chargedNano), ts, BUCKET_MS, ROLLING_WINDOW_MS]);
    },
    async used(tenantId, windows, now) {
      const [kinds, starts] = windowParams(windows);
      const { rows } = await pool.query<{ used: unknown }>(USED_SQL, [tenantId, kinds, starts, now, BUCKET_MS, ROLLING_WINDOW_MS]);
      return toNumbers(rows[0]?.used);
    },
    clear: async () => {
      await pool.query('DELETE FROM ccgate_budget_holds');
      await pool.query('DELETE FROM ccgate_budget_spend');
    },
    close: () => pool.end(),
  };
}
