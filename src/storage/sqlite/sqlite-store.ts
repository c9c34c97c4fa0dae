// The default ledger: one SQLite file in WAL mode. Inserts are journaled and batch-inserted
// (batch-writer.ts): once insert() resolves the row is in a journal file in the OS page cache and
// survives kill -9 of the gateway; reads insert pending rows first. synchronous=NORMAL trades only
// power-loss durability of the last transactions for speed.
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { aggregateRows, ledgerAggregateSql, planAggregate } from '../aggregate-sql.js';
import { LEDGER_COLUMNS, SERIES_BUCKET_MS, TOTALS_SELECT, columnValues, rowFromColumns, totalsFromColumns } from '../columns.js';
import type { LedgerRow, UsageQuery, UsageStore, UsageTotals } from '../types.js';
import { ensurePrivateDir, ensurePrivateFile, tightenIfExists } from '../private-files.js';
import { createBatchWriter, type BatchWriter } from './batch-writer.js';
import { SQLITE_MIGRATIONS } from './migrations.js';

const GROUP_COLUMN = { model: 'model_served', upstream: 'upstream_id', tenant: 'tenant_id' } as const;
const ROWS_BATCH = 1_000;

function where(q: UsageQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [q.from, q.to];
  let sql = 'ts >= ? AND ts < ?';
  if (q.tenantId !== undefined) {
    sql += ' AND tenant_id = ?';
    params.push(q.tenantId);
  }
  return { sql, params };
}

/** Directory of the journal segments of the ledger at `file`. */
export function journalDirOf(file: string): string {
  return `${file}.pending`;
}

/** Opens (creating if needed) the SQLite ledger at `file`; `onFlushError` hears of failed batch inserts (retried). */
export function openSqliteStore(file: string, onFlushError: (err: unknown) => void = (err) => console.error('ccgate: ledger batch insert failed (kept, will retry):', err)): UsageStore {
  // SQLite creates the -wal and -shm files with the database file's mode: an owner-only database
  // file made first keeps all three private; chmod covers files an older version made.
  if (file !== ':memory:') {
    ensurePrivateDir(dirname(file));
    ensurePrivateFile(file);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  if (file !== ':memory:') for (const side of ['-wal', '-shm', '-journal']) tightenIfExists(`${file}${side}`);
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const cols = LEDGER_COLUMNS.map(([, c]) => c);
  let writer: BatchWriter | undefined;

  const store: UsageStore = {
    async migrate() {
      const version = db.pragma('user_version', { simple: true }) as number;
      const apply = db.transaction(() => {
        for (let v = version; v < SQLITE_MIGRATIONS.length; v++) db.exec(SQLITE_MIGRATIONS[v]!);
        db.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`);
      });
      if (version < SQLITE_MIGRATIONS.length) apply();
      // Columns added after the first release are appended last and default to 0 (false).
      const upgrade = (v: unknown[]) => (v.length < cols.length ? [...v, ...new Array<number>(cols.length - v.length).fill(0)] : v);
      writer ??= createBatchWriter(db, `INSERT OR REPLACE INTO usage (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`, file === ':memory:' ? undefined : journalDirOf(file), onFlushError, upgrade);
    },
    insert(row) {
      if (!writer) return Promise.reject(new Error('SQLite store used before migrate()'));
      try {
        writer.write(columnValues(row, true));
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(err);
      }
    },
    async totals(q) {
      writer?.flush();
      const w = where(q);
      return totalsFromColumns(db.prepare(`SELECT ${TOTALS_SELECT} FROM usage WHERE ${w.sql}`).get(...w.params) as Record<string, unknown>);
    },
    async totalsBy(q, by) {
      writer?.flush();
      const w = where(q);
      const col = GROUP_COLUMN[by];
      const rows = db.prepare(`SELECT ${col} AS k, ${TOTALS_SELECT} FROM usage WHERE ${w.sql} GROUP BY ${col} ORDER BY charged_cost_nano DESC`).all(...w.params) as Record<string, unknown>[];
      return rows.map((r) => ({ key: String(r['k'] ?? '(none)'), ...totalsFromColumns(r) }));
    },
    async series(q, bucket) {
      writer?.flush();
      const w = where(q);
      const size = SERIES_BUCKET_MS[bucket];
      const rows = db.prepare(`SELECT (ts / ${size}) * ${size} AS b, ${TOTALS_SELECT} FROM usage WHERE ${w.sql} GROUP BY b ORDER BY b`).all(...w.params) as Record<string, unknown>[];
      return rows.map((r) => ({ bucket: Number(r['b']), ...totalsFromColumns(r) }));
    },
    async aggregate(q) {
      const plan = planAggregate(q);
      if (!plan) return [];
      writer?.flush();
      const params: unknown[] = [];
      const sql = ledgerAggregateSql(plan, plan.buckets, (v) => {
        params.push(v);
        return '?';
      });
      return aggregateRows(db.prepare(sql).all(...params) as Record<string, unknown>[], plan.groupBy);
    },
    async recent(q, limit) {
      writer?.flush();
      const w = where(q);
      const rows = db.prepare(`SELECT * FROM usage WHERE ${w.sql} ORDER BY ts DESC LIMIT ?`).all(...w.params, limit) as Record<string, unknown>[];
      return rows.map(rowFromColumns);
    },
    async *rows(q) {
      writer?.flush();
      // Keyset pages on (ts, request_id), not one iterate(): an open iterator keeps the connection
      // busy, so every ledger insert during an export would throw. Each next page starts its ts
      // range at the last row's ts: SQLite does not narrow the index scan by the row-value
      // comparison, so with the original `from` every page re-read the whole range (quadratic).
      const w = where(q);
      const first = db.prepare(`SELECT * FROM usage WHERE ${w.sql} ORDER BY ts, request_id LIMIT ?`);
      const next = db.prepare(`SELECT * FROM usage WHERE ${w.sql} AND (ts, request_id) > (?, ?) ORDER BY ts, request_id LIMIT ?`);
      let page = (first.all(...w.params, ROWS_BATCH) as Record<string, unknown>[]).map(rowFromColumns);
      for (;;) {
        yield* page;
        const last = page.at(-1);
        if (!last || page.length < ROWS_BATCH) return;
        page = (next.all(...where({ ...q, from: last.ts }).params, last.ts, last.requestId, ROWS_BATCH) as Record<string, unknown>[]).map(rowFromColumns);
      }
    },
    async chargedSince(tenantId, from) {
      writer?.flush();
      const r = db.prepare('SELECT SUM(charged_cost_nano) AS c FROM usage WHERE tenant_id = ? AND ts >= ?').get(tenantId, from) as { c: number | null };
      return r.c ?? 0;
    },
    async chargedByBucket(tenantId, from, bucketMs) {
      writer?.flush();
      const size = Math.floor(bucketMs);
      const rows = db.prepare(`SELECT (ts / ${size}) * ${size} AS b, SUM(charged_cost_nano) AS c FROM usage WHERE tenant_id = ? AND ts >= ? GROUP BY b`).all(tenantId, from) as Array<{ b: number; c: number }>;
      return rows.map((r) => ({ bucket: Number(r.b), nano: Number(r.c ?? 0) }));
    },
    async deleteBefore(before) {
      writer?.flush();
      return db.prepare('DELETE FROM usage WHERE ts < ?').run(before).changes;
    },
    async deleteAll() {
      writer?.flush();
      return db.prepare('DELETE FROM usage').run().changes;
    },
    async close() {
      writer?.close();
      db.close();
    },
  };
  return store;
}

export type { UsageTotals, LedgerRow };
