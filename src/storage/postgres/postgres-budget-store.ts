// Budget spend shared by every gateway instance on one PostgreSQL database. Each hold and settle
// runs in a transaction under a per-tenant advisory lock, so two instances can never both see
// room under a limit that only one request fits in. Counters are seeded once per period from the
// ledger; the hot path reads only a handful of counter rows, never the day's usage rows.
import pg from 'pg';
import { BUCKET_MS, ROLLING_WINDOW_MS, bucketOf, type BudgetWindow } from '../../domain/budget-windows.js';
import { checkWindows, type BudgetRefusal, type BudgetStore } from '../budget-types.js';
import { safeIntegerTypes } from './safe-int-types.js';

/** kind of the marker row saying the rolling window's buckets were seeded (period_start = when). */
const SEEDED_5H = 'seeded5h';

type Tx = pg.PoolClient;

async function inTenantLock<T>(pool: pg.Pool, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('ccgate-budget:' || $1))", [tenantId]);
    const result = await fn(tx);
    await tx.query('COMMIT');
    return result;
  } catch (err) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    tx.release();
  }
}

async function num(tx: Tx, sql: string, params: unknown[]): Promise<number> {
  const r = await tx.query(sql, params);
  return Number((r.rows[0] as Record<string, unknown> | undefined)?.['v'] ?? 0);
}

async function seedWindow(tx: Tx, tenantId: string, w: BudgetWindow, now: number): Promise<void> {
  if (w.kind === '5h') {
    const seeded = await tx.query('SELECT 1 FROM ccgate_budget_spend WHERE tenant_id = $1 AND kind = $2', [tenantId, SEEDED_5H]);
    if (seeded.rowCount) {
      // Buckets are kept up to date by settle(); drop the ones that left the window.
      await tx.query("DELETE FROM ccgate_budget_spend WHERE tenant_id = $1 AND kind = 'b5m' AND period_start < $2", [tenantId, bucketOf(now - ROLLING_WINDOW_MS)]);
      return;
    }
    await tx.query(
      `INSERT INTO ccgate_budget_spend (tenant_id, kind, period_start, spent_nano)
       SELECT $1, 'b5m', (ts / $3) * $3, SUM(charged_cost_nano) FROM usage WHERE tenant_id = $1 AND ts >= $2 GROUP BY 3`,
      [tenantId, bucketOf(now - ROLLING_WINDOW_MS), BUCKET_MS],
    );
    await tx.query('INSERT INTO ccgate_budget_spend VALUES ($1, $2, $3, 0)', [tenantId, SEEDED_5H, now]);
    return;
  }
  const exists = await tx.query('SELECT 1 FROM ccgate_budget_spend WHERE tenant_id = $1 AND kind = $2 AND period_start = $3', [tenantId, w.kind, w.periodStart]);
  if (exists.rowCount) return;
  await tx.query('DELETE FROM ccgate_budget_spend WHERE tenant_id = $1 AND kind = $2 AND period_start < $3', [tenantId, w.kind, w.periodStart]);
  await tx.query(
    'INSERT INTO ccgate_budget_spend SELECT $1, $2, $3, COALESCE(SUM(charged_cost_nano), 0) FROM usage WHERE tenant_id = $1 AND ts >= $3',
    [tenantId, w.kind, w.periodStart],
  );
}

async function settledIn(tx: Tx, tenantId: string, w: BudgetWindow, now: number): Promise<number> {
  if (w.kind === '5h') {
    return num(tx, "SELECT COALESCE(SUM(spent_nano), 0) AS v FROM ccgate_budget_spend WHERE tenant_id = $1 AND kind = 'b5m' AND period_start >= $2", [tenantId, bucketOf(now - ROLLING_WINDOW_MS)]);
  }
  return num(tx, 'SELECT spent_nano AS v FROM ccgate_budget_spend WHERE tenant_id = $1 AND kind = $2 AND period_start = $3', [tenantId, w.kind, w.periodStart]);
}

async function usedAll(tx: Tx, tenantId: string, windows: readonly BudgetWindow[], now: number): Promise<number[]> {
  for (const w of windows) await seedWindow(tx, tenantId, w, now);
  const held = await num(tx, 'SELECT COALESCE(SUM(amount_nano), 0) AS v FROM ccgate_budget_holds WHERE tenant_id = $1 AND expires_at > $2', [tenantId, now]);
  const out: number[] = [];
  for (const w of windows) out.push((await settledIn(tx, tenantId, w, now)) + held);
  return out;
}

async function rollingResetAt(tx: Tx, tenantId: string, now: number): Promise<number> {
  const oldest = await num(tx, "SELECT COALESCE(MIN(period_start), $2) AS v FROM ccgate_budget_spend WHERE tenant_id = $1 AND kind = 'b5m' AND spent_nano > 0 AND period_start >= $3", [tenantId, now, bucketOf(now - ROLLING_WINDOW_MS)]);
  return oldest + ROLLING_WINDOW_MS + BUCKET_MS;
}

/** Opens the shared budget store (its tables come with the ledger's migrations). */
export async function openPostgresBudgetStore(url: string): Promise<BudgetStore> {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: safeIntegerTypes() });
  pool.on('error', () => undefined);
  return {
    hold: (tenantId, windows, requestId, amountNano, now, ttlMs, mode = 'below') =>
      inTenantLock(pool, tenantId, async (tx): Promise<BudgetRefusal | undefined> => {
        await tx.query('DELETE FROM ccgate_budget_holds WHERE tenant_id = $1 AND expires_at <= $2', [tenantId, now]);
        const used = await usedAll(tx, tenantId, windows, now);
        const { failing, roomNano } = checkWindows(windows, used, amountNano, mode);
        if (failing >= 0) {
          const w = windows[failing]!;
          return { window: w, usedNano: used[failing]!, resetAt: w.kind === '5h' ? await rollingResetAt(tx, tenantId, now) : w.periodEnd, roomNano };
        }
        await tx.query('INSERT INTO ccgate_budget_holds VALUES ($1, $2, $3, $4) ON CONFLICT (request_id) DO UPDATE SET amount_nano = EXCLUDED.amount_nano', [requestId, tenantId, amountNano, now + ttlMs]);
        return undefined;
      }),
    settle: (tenantId, requestId, chargedNano, ts) =>
      inTenantLock(pool, tenantId, async (tx) => {
        await tx.query('DELETE FROM ccgate_budget_holds WHERE request_id = $1', [requestId]);
        if (chargedNano <= 0) return;
        // Only periods already seeded are counted; a period seeded later reads this row from the ledger.
        await tx.query("UPDATE ccgate_budget_spend SET spent_nano = spent_nano + $2 WHERE tenant_id = $1 AND kind IN ('daily', 'weekly', 'monthly') AND period_start <= $3", [tenantId, chargedNano, ts]);
        await tx.query(
          `INSERT INTO ccgate_budget_spend SELECT $1, 'b5m', $3, $2 WHERE EXISTS (SELECT 1 FROM ccgate_budget_spend WHERE tenant_id = $1 AND kind = $4)
           ON CONFLICT (tenant_id, kind, period_start) DO UPDATE SET spent_nano = ccgate_budget_spend.spent_nano + EXCLUDED.spent_nano`,
          [tenantId, chargedNano, bucketOf(ts), SEEDED_5H],
        );
      }),
    used: (tenantId, windows, now) => inTenantLock(pool, tenantId, (tx) => usedAll(tx, tenantId, windows, now)),
    clear: async () => {
      await pool.query('DELETE FROM ccgate_budget_holds');
      await pool.query('DELETE FROM ccgate_budget_spend');
    },
    close: () => pool.end(),
  };
}
