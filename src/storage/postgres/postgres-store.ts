// The shared ledger for several gateway instances: PostgreSQL through a pg Pool. Same semantics
// as the SQLite store (one contract suite runs against both); the SQL mapping is in ../columns.ts.
import pg from 'pg';
import { LEDGER_COLUMNS, rowFromColumns } from '../columns.js';
import { groupInserter } from './group-insert.js';
import type { AggregateRow, LedgerRow, UsageQuery, UsageStore } from '../types.js';
import { aggregateQuery, seriesQuery, totalsByQuery, totalsQuery, type AggregateSource, type SqlQuery } from '../usage-queries.js';
import { migratePostgres } from './migrate.js';
import { FOLD_ROLLUP_SQL } from './rollup-schema.js';
import { safeIntegerTypes } from './safe-int-types.js';

const DEFAULT_ROWS_BATCH = 1_000;
const CONNECT_TIMEOUT_MS = 10_000;
/** How often pending rollup additions are folded into the rollup (rollup-schema.ts). */
const FOLD_EVERY_MS = 2_000;

/** Tuning of the PostgreSQL store; the defaults suit a gateway. */
export interface PostgresStoreOptions {
  /** Rows fetched per round trip by rows(). */
  rowsBatchSize?: number;
  /** Pool size per gateway instance. */
  maxConnections?: number;
  /** Called when an idle pooled connection fails (e.g. the server restarted); the pool replaces it. */
  onIdleError?: (err: Error) => void;
  /** Where aggregates read whole hours from; 'ledger' is the plain query (tests, diagnosis). */
  aggregateSource?: AggregateSource;
}

type SqlRow = Record<string, unknown>;

const COLS = LEDGER_COLUMNS.map(([, c]) => c);
const SELECT_ROW = `SELECT ${COLS.join(', ')} FROM usage`;

/** Appends the range (and tenant) filter's parameters to `params`; returns its SQL. */
function where(q: UsageQuery, params: unknown[]): string {
  params.push(q.from, q.to);
  let sql = `ts >= $${params.length - 1} AND ts < $${params.length}`;
  if (q.tenantId !== undefined) {
    params.push(q.tenantId);
    sql += ` AND tenant_id = $${params.length}`;
  }
  return sql;
}

/**
 * `url` with session settings added to its startup options (`-c name=value` each, after any the
 * URL already has). A URL that does not parse is used as it is.
 */
export function withSessionSettings(url: string, settings: string): string {
  try {
    const u = new URL(url);
    const prior = u.searchParams.get('options');
    u.searchParams.set('options', `${prior ? `${prior} ` : ''}${settings}`);
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * The ledger's session settings. Ledger queries are short: JIT compilation (on by default since
 * PostgreSQL 12) costs more than it saves on them (measured ~60 ms on a month's aggregate), and
 * the dashboard's hash aggregates need more than the default 4 MB of work_mem to stay in memory.
 */
const LEDGER_SESSION = '-c jit=off -c work_mem=32MB';

/** Opens a pool on `url` (not yet migrated; no connection is made until first use). */
export function openPostgresStore(url: string, options: PostgresStoreOptions = {}): UsageStore {
  const batch = options.rowsBatchSize ?? DEFAULT_ROWS_BATCH;
  if (!Number.isSafeInteger(batch) || batch < 1) throw new RangeError(`rowsBatchSize must be a positive integer, got ${batch}`);
  const pool = new pg.Pool({
    connectionString: withSessionSettings(url, LEDGER_SESSION),
    types: safeIntegerTypes(),
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // Without a listener an idle connection's error would crash the process.
  pool.on('error', options.onIdleError ?? ((err) => process.emitWarning(`PostgreSQL ledger connection failed: ${err.message}`)));
  let closed = false;
  let folding: NodeJS.Timeout | undefined;

  const select = async (sql: string, params: unknown[]): Promise<SqlRow[]> => (await pool.query<SqlRow>(sql, params)).rows;
  const run = async <T>(query: SqlQuery<T>): Promise<T> => query.map(await select(query.sql, query.params));
  const source = options.aggregateSource ?? 'rollup';

  const store: UsageStore = {
    async migrate() {
      await migratePostgres(pool);
      // Reads are exact without folding; folding keeps the table of pending additions small.
      folding ??= setInterval(() => void pool.query(FOLD_ROLLUP_SQL).catch(() => undefined), FOLD_EVERY_MS).unref();
    },
    // Upserts (a retried settle replaces its row instead of counting it twice), grouped per
    // event-loop turn; each promise settles after COMMIT, which with the default
    // synchronous_commit=on returns once the WAL record is flushed on the server.
    insert: groupInserter(pool),
    totals: async (q) => run(totalsQuery(q, source, 'postgres')),
    totalsBy: async (q, by) => run(totalsByQuery(q, by, source, 'postgres')),
    series: async (q, bucket) => run(seriesQuery(q, bucket, source, 'postgres')),
    aggregate: async (q) => run(aggregateQuery(q, source, 'postgres')),
    async aggregateMany(qs) {
      // One REPEATABLE READ transaction: every query sees the snapshot of the first.
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const out: AggregateRow[][] = [];
        for (const q of qs) {
          const query = aggregateQuery(q, source, 'postgres');
          out.push(query.map((await client.query<SqlRow>(query.sql, query.params)).rows));
        }
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async recent(q, limit) {
      const params: unknown[] = [];
      const w = where(q, params);
      params.push(limit);
      const rows = await select(`${SELECT_ROW} WHERE ${w} ORDER BY ts DESC, request_id DESC LIMIT $${params.length}`, params);
      return rows.map(rowFromColumns);
    },
    async *rows(q) {
      // Keyset pagination on (ts, request_id): each batch is its own short query, so a slow or
      // abandoned export holds no connection or transaction between batches.
      let after: LedgerRow | undefined;
      for (;;) {
        const params: unknown[] = [];
        let sql = `${SELECT_ROW} WHERE ${where(q, params)}`;
        if (after) {
          params.push(after.ts, after.requestId);
          sql += ` AND (ts, request_id) > ($${params.length - 1}, $${params.length})`;
        }
        params.push(batch);
        const page = (await select(`${sql} ORDER BY ts, request_id LIMIT $${params.length}`, params)).map(rowFromColumns);
        yield* page;
        after = page.at(-1);
        if (page.length < batch) return;
      }
    },
    chargedSince: async (tenantId, from) => (await run(totalsQuery({ from, to: Number.MAX_SAFE_INTEGER, tenantId }, source, 'postgres'))).chargedCostNano,
    async chargedByBucket(tenantId, from, bucketMs) {
      const rows = await select('SELECT (ts / $3) * $3 AS b, SUM(charged_cost_nano) AS c FROM usage WHERE tenant_id = $1 AND ts >= $2 GROUP BY b', [tenantId, from, bucketMs]);
      return rows.map((r) => ({ bucket: Number(r['b']), nano: Number(r['c'] ?? 0) }));
    },
    async deleteBefore(before) {
      return (await pool.query('DELETE FROM usage WHERE ts < $1', [before])).rowCount ?? 0;
    },
    async deleteAll() {
      return (await pool.query('DELETE FROM usage')).rowCount ?? 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(folding);
      await pool.end();
    },
  };
  return store;
}
