// A month of synthetic ledger rows for the dashboard bench, written in bulk straight into a ledger
// at the schema version before the rollup, so that the store's own migration builds the rollup
// (the path an upgraded gateway takes). Deterministic: the same count gives the same rows.
import Database from 'better-sqlite3';
import pg from 'pg';
import { LEDGER_COLUMNS, columnValues } from '../src/storage/columns.js';
import { migratePostgres } from '../src/storage/postgres/migrate.js';
import { POSTGRES_MIGRATIONS } from '../src/storage/postgres/migrations.js';
import { SQLITE_MIGRATIONS } from '../src/storage/sqlite/migrations.js';
import { POSTGRES_ROLLUP_MIGRATION } from '../src/storage/postgres/rollup-schema.js';
import { SQLITE_ROLLUP_MIGRATION } from '../src/storage/sqlite/rollup-schema.js';
import type { LedgerRow } from '../src/storage/types.js';
import { prng } from '../test/support/prng.js';

const TENANTS = Array.from({ length: 20 }, (_, i) => `tenant-${String(i).padStart(2, '0')}`);
const MODELS = ['claude-opus-4-8', 'claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-sonnet-4-5-20250929', 'claude-opus-4-1', 'claude-3-5-haiku'];
const UPSTREAMS = ['primary', 'mirror-a', 'mirror-b'];
/** Price per million tokens in nano-USD (input, output) per model, roughly list prices. */
const PRICES: Array<[number, number]> = [[5e9, 25e9], [3e9, 15e9], [1e9, 5e9], [3e9, 15e9], [15e9, 75e9], [0.8e9, 4e9]];


/** Index 0..n-1, skewed towards 0 (a few tenants and models carry most of the traffic). */
function skewed(rnd: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(n * rnd() ** 2.2));
}

/** Yields `count` rows spread evenly over [from, to), in batches of `batch`. */
export function* ledgerBatches(count: number, from: number, to: number, batch: number): Generator<LedgerRow[]> {
  const rnd = prng(2_025);
  const span = to - from;
  for (let start = 0; start < count; start += batch) {
    const rows: LedgerRow[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const t = skewed(rnd, TENANTS.length);
      const m = (t + skewed(rnd, MODELS.length)) % MODELS.length;
      const u = rnd() < 0.55 ? 0 : rnd() < 0.6 ? 1 : 2;
      const r = rnd();
      const status = r < 0.97 ? 200 : r < 0.99 ? 529 : 429;
      const ok = status === 200;
      const input = ok ? 200 + Math.floor(rnd() * 6_000) : 0;
      const output = ok ? 50 + Math.floor(rnd() * 2_500) : 0;
      const cacheRead = ok && rnd() < 0.8 ? Math.floor(rnd() * 90_000) : 0;
      const cacheWrite = ok && rnd() < 0.3 ? Math.floor(rnd() * 8_000) : 0;
      const [pin, pout] = PRICES[m]!;
      const list = Math.round((input * pin + output * pout + cacheRead * pin * 0.1 + cacheWrite * pin * 1.25) / 1e6);
      rows.push({
        requestId: `req_dash_${i}`,
        ts: from + Math.floor(((i + rnd()) / count) * span),
        tenantId: TENANTS[t]!,
        endpoint: rnd() < 0.9 ? 'anthropic' : 'openai',
        modelRequested: MODELS[m]!,
        modelServed: ok ? MODELS[m]! : null,
        upstreamId: UPSTREAMS[u]!,
        attempts: ok ? 1 : 2,
        status,
        errorType: ok ? null : status === 529 ? 'overloaded_error' : 'rate_limit_error',
        stream: rnd() < 0.85,
        inputTokens: input,
        outputTokens: output,
        cacheWrite5mTokens: cacheWrite,
        cacheWrite1hTokens: 0,
        cacheReadTokens: cacheRead,
        listCostNano: list,
        chargedCostNano: Math.round(list * 1.2),
        upstreamCostNano: Math.round(list * 0.3),
        priceFlagged: rnd() < 0.01,
        durationMs: 500 + Math.floor(rnd() * 30_000),
        ttfbMs: ok ? 200 + Math.floor(rnd() * 2_000) : null,
        userAgent: 'claude-cli/2.1.0',
        usageEstimated: false,
      });
    }
    yield rows;
  }
}

/** The first tenant (the busiest). */
export const BUSY_TENANT = TENANTS[0]!;

const COLS = LEDGER_COLUMNS.map(([, c]) => c);

/** Writes the rows into a new SQLite file at the schema version before the rollup. */
export function writeSqliteLedger(file: string, count: number, from: number, to: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const before = SQLITE_MIGRATIONS.indexOf(SQLITE_ROLLUP_MIGRATION);
  for (const m of SQLITE_MIGRATIONS.slice(0, before)) db.exec(m);
  db.pragma(`user_version = ${before}`);
  const insert = db.prepare(`INSERT INTO usage (${COLS.join(',')}) VALUES (${COLS.map(() => '?').join(',')})`);
  const all = db.transaction((rows: LedgerRow[]) => {
    for (const r of rows) insert.run(columnValues(r, true));
  });
  for (const rows of ledgerBatches(count, from, to, 50_000)) all(rows);
  db.close();
}

const PG_TYPES: Record<string, string> = { ts: 'bigint', attempts: 'int', status: 'int', stream: 'boolean', price_flagged: 'boolean', usage_estimated: 'boolean', duration_ms: 'int', ttfb_ms: 'int' };
const pgType = (c: string): string => PG_TYPES[c] ?? (c.endsWith('_tokens') || c.endsWith('_nano') ? 'bigint' : 'text');

/** Writes the rows into the (empty) schema at `url` at the schema version before the rollup, a column array per batch. */
export async function writePostgresLedger(url: string, count: number, from: number, to: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migratePostgres(pool, POSTGRES_MIGRATIONS.slice(0, POSTGRES_MIGRATIONS.indexOf(POSTGRES_ROLLUP_MIGRATION)));
    const sql = `INSERT INTO usage (${COLS.join(', ')}) SELECT * FROM unnest(${COLS.map((c, i) => `$${i + 1}::${pgType(c)}[]`).join(', ')})`;
    for (const rows of ledgerBatches(count, from, to, 20_000)) {
      const columns = COLS.map(() => [] as unknown[]);
      for (const r of rows) columnValues(r, false).forEach((v, i) => columns[i]!.push(v));
      await pool.query(sql, columns);
    }
  } finally {
    await pool.end();
  }
}
