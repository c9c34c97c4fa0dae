// The SQLite ledger's read queries over one connection, synchronous: run by the read worker on its
// own read-only connection (read-worker.ts), or on the main thread for a ':memory:' ledger.
import type Database from 'better-sqlite3';
import { rowFromColumns } from '../columns.js';
import type { AggregateQuery, AggregateRow, LedgerRow, UsageQuery, UsageTotals } from '../types.js';
import { aggregateQuery, seriesQuery, totalsByQuery, totalsQuery, type AggregateSource, type SqlQuery } from '../usage-queries.js';

/** Where a page of rows() continues: after this (ts, request id). */
export interface RowsCursor {
  ts: number;
  requestId: string;
}

/** The read methods, each answering synchronously. */
export interface SqliteReads {
  aggregate(q: AggregateQuery): AggregateRow[];
  aggregateMany(qs: readonly AggregateQuery[]): AggregateRow[][];
  totals(q: UsageQuery): UsageTotals;
  totalsBy(q: UsageQuery, by: 'model' | 'upstream' | 'tenant'): Array<UsageTotals & { key: string }>;
  series(q: UsageQuery, bucket: 'hour' | 'day'): Array<UsageTotals & { bucket: number }>;
  recent(q: UsageQuery, limit: number): LedgerRow[];
  /** One page of rows() in (ts, request id) order, after `cursor` when given. */
  rowsPage(q: UsageQuery, cursor: RowsCursor | undefined, limit: number): LedgerRow[];
  chargedSince(tenantId: string, from: number): number;
  chargedByBucket(tenantId: string, from: number, bucketMs: number): Array<{ bucket: number; nano: number }>;
}

export type ReadMethod = keyof SqliteReads;

function where(q: UsageQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [q.from, q.to];
  let sql = 'ts >= ? AND ts < ?';
  if (q.tenantId !== undefined) {
    sql += ' AND tenant_id = ?';
    params.push(q.tenantId);
  }
  return { sql, params };
}

/** The reads over `db`; `source` chooses where aggregates read whole hours from. */
export function createSqliteReads(db: Database.Database, source: AggregateSource = 'rollup'): SqliteReads {
  const run = <T>(query: SqlQuery<T>): T => query.map(db.prepare(query.sql).all(...query.params) as Record<string, unknown>[]);
  // A deferred transaction: its first SELECT fixes the snapshot (WAL), the others read the same one.
  const inOneSnapshot = db.transaction((qs: readonly AggregateQuery[]) => qs.map((q) => run(aggregateQuery(q, source, 'sqlite'))));
  return {
    aggregate: (q) => run(aggregateQuery(q, source, 'sqlite')),
    aggregateMany: (qs) => inOneSnapshot(qs),
    totals: (q) => run(totalsQuery(q, source, 'sqlite')),
    totalsBy: (q, by) => run(totalsByQuery(q, by, source, 'sqlite')),
    series: (q, bucket) => run(seriesQuery(q, bucket, source, 'sqlite')),
    recent(q, limit) {
      const w = where(q);
      return (db.prepare(`SELECT * FROM usage WHERE ${w.sql} ORDER BY ts DESC LIMIT ?`).all(...w.params, limit) as Record<string, unknown>[]).map(rowFromColumns);
    },
    rowsPage(q, cursor, limit) {
      // Keyset pages on (ts, request_id). A next page starts its ts range at the cursor's ts:
      // SQLite does not narrow the index scan by the row-value comparison, so with the original
      // `from` every page would re-read the whole range (quadratic).
      if (!cursor) {
        const w = where(q);
        return (db.prepare(`SELECT * FROM usage WHERE ${w.sql} ORDER BY ts, request_id LIMIT ?`).all(...w.params, limit) as Record<string, unknown>[]).map(rowFromColumns);
      }
      const w = where({ ...q, from: cursor.ts });
      const rows = db.prepare(`SELECT * FROM usage WHERE ${w.sql} AND (ts, request_id) > (?, ?) ORDER BY ts, request_id LIMIT ?`).all(...w.params, cursor.ts, cursor.requestId, limit);
      return (rows as Record<string, unknown>[]).map(rowFromColumns);
    },
    chargedSince: (tenantId, from) => run(totalsQuery({ from, to: Number.MAX_SAFE_INTEGER, tenantId }, source, 'sqlite')).chargedCostNano,
    chargedByBucket(tenantId, from, bucketMs) {
      const size = Math.floor(bucketMs);
      const rows = db.prepare(`SELECT (ts / ${size}) * ${size} AS b, SUM(charged_cost_nano) AS c FROM usage WHERE tenant_id = ? AND ts >= ? GROUP BY b`).all(tenantId, from) as Array<{ b: number; c: number }>;
      return rows.map((r) => ({ bucket: Number(r.b), nano: Number(r.c ?? 0) }));
    },
  };
}
