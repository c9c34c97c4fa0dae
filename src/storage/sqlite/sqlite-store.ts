// The default ledger: one SQLite file in WAL mode. Inserts are journaled and batch-inserted
// (batch-writer.ts): once insert() resolves the row is in a journal file in the OS page cache and
// survives kill -9 of the gateway. Reads run on a worker thread with its own read-only connection
// (read-pool.ts), after the main thread has inserted pending rows, so they see every row and never
// block the event loop; a ':memory:' ledger cannot be shared with a worker and reads on the main
// thread, and so do the budget seeds (chargedSince, chargedByBucket; see below). Deltas of the
// hourly rollup are folded on the main connection every second (rollup-schema.ts).
// synchronous=NORMAL trades only power-loss durability of the last transactions for speed.
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { LEDGER_COLUMNS, columnValues } from '../columns.js';
import type { LedgerRow, UsageStore, UsageTotals } from '../types.js';
import { setCacheSize } from './cache-size.js';
import type { AggregateSource } from '../usage-queries.js';
import { ensurePrivateDir, ensurePrivateFile, tightenIfExists } from '../private-files.js';
import { createBatchWriter, type BatchWriter } from './batch-writer.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { ReadPoolError, createReadPool, type ReadPool } from './read-pool.js';
import type { ReadWorkerData } from './read-worker.js';
import { bulkDelete, prepareFold, type RollupFold } from './rollup-schema.js';
import { createSqliteReads, type ReadMethod, type RowsCursor, type SqliteReads } from './sqlite-reads.js';

const ROWS_BATCH = 1_000;

/** Tuning of the SQLite store; the defaults suit a gateway. */
export interface SqliteStoreOptions {
  /** Longest one read may take before it is answered with an error (the worker is restarted). */
  readTimeoutMs?: number;
  /** Reads that may wait for the read worker; more are refused at once. */
  maxQueuedReads?: number;
  /** Where aggregates read whole hours from; 'ledger' is the plain query (tests, diagnosis). */
  aggregateSource?: AggregateSource;
  /** Page cache of the read worker's connection (storage.sqliteCacheSize); SQLite's own default otherwise. */
  cacheBytes?: number;
}

/**
 * Page cache of the writing connection. Request ids grow per process, so every insert lands on the
 * right-most pages of the ledger's B-trees and the rollup's current hour: a small cache holds all a
 * writer reuses (its other reads, the budget seeds, come once per tenant and period). A larger one
 * only keeps pages it wrote and will not read again, filling as the ledger grows (with 16 MB,
 * SQLite's default here, the soak's RSS rose ~20 MB over 100k requests).
 */
export const WRITER_CACHE_BYTES = 2 * 1024 * 1024;

const DEFAULT_READ_TIMEOUT_MS = 30_000;
/** How often the rollup's deltas are folded into it (rollup-schema.ts); reads are exact either way. */
const FOLD_EVERY_MS = 1_000;
const DEFAULT_MAX_QUEUED_READS = 64;

type Read = <M extends ReadMethod>(method: M, ...args: Parameters<SqliteReads[M]>) => Promise<ReturnType<SqliteReads[M]>>;

/** Directory of the journal segments of the ledger at `file`. */
export function journalDirOf(file: string): string {
  return `${file}.pending`;
}

/** The read worker's script: the compiled .js, or the .ts source when run through tsx. */
function workerUrl(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './read-worker.ts' : './read-worker.js', import.meta.url);
}

/** Opens (creating if needed) the SQLite ledger at `file`; `onFlushError` hears of failed batch inserts (retried). */
export function openSqliteStore(
  file: string,
  onFlushError: (err: unknown) => void = (err) => console.error('ccgate: ledger batch insert failed (kept, will retry):', err),
  options: SqliteStoreOptions = {},
): UsageStore {
  const inMemory = file === ':memory:';
  // SQLite creates the -wal and -shm files with the database file's mode: an owner-only database
  // file made first keeps all three private; chmod covers files an older version made.
  if (!inMemory) {
    ensurePrivateDir(dirname(file));
    ensurePrivateFile(file);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  if (file !== ':memory:') for (const side of ['-wal', '-shm', '-journal']) tightenIfExists(`${file}${side}`);
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  setCacheSize(db, WRITER_CACHE_BYTES);
  // INSERT OR REPLACE must fire the rollup's delete trigger for the row it replaces.
  db.pragma('recursive_triggers = ON');
  const cols = LEDGER_COLUMNS.map(([, c]) => c);
  const source = options.aggregateSource ?? 'rollup';
  let writer: BatchWriter | undefined;
  let fold: RollupFold | undefined;
  let folding: NodeJS.Timeout | undefined;
  // Before a read: pending rows into the table, and the rollup folded if rows were taken out
  // (until then their groups' latest time may still be a removed row's).
  let closed = false;
  const settle = (): void => {
    if (closed) throw new ReadPoolError('store_closed', 'ledger store is closed');
    writer?.flush();
    if (fold?.removalsPending()) fold.run();
  };

  let pool: ReadPool | undefined;
  // The same reads on this thread's connection: for ':memory:' (a worker cannot share it), and
  // for the budget seeds (see chargedSince below).
  const here = createSqliteReads(db, source);
  const readHere: Read = async (method, ...args) => {
    settle();
    return (here[method] as (...a: unknown[]) => ReturnType<SqliteReads[typeof method]>)(...args);
  };
  let read: Read;
  if (inMemory) {
    read = readHere;
  } else {
    const data: ReadWorkerData = { file, source, ...(options.cacheBytes === undefined ? {} : { cacheBytes: options.cacheBytes }) };
    const readPool = createReadPool(() => new Worker(workerUrl(), { workerData: data }), {
      timeoutMs: options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
      maxQueued: options.maxQueuedReads ?? DEFAULT_MAX_QUEUED_READS,
    });
    pool = readPool;
    read = (method, ...args) => {
      try {
        settle();
      } catch (err) {
        return Promise.reject(err);
      }
      return readPool.call(method, args) as Promise<ReturnType<SqliteReads[typeof method]>>;
    };
  }

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
      writer ??= createBatchWriter(db, `INSERT OR REPLACE INTO usage (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`, inMemory ? undefined : journalDirOf(file), onFlushError, upgrade);
      const f = (fold ??= prepareFold(db));
      folding ??= setInterval(() => {
        try {
          f.run();
        } catch (err) {
          // The deltas stay (reads add them) and the next fold tries again.
          onFlushError(err);
        }
      }, FOLD_EVERY_MS).unref();
      pool?.warm();
    },
    insert(row) {
      if (!writer) return Promise.reject(new Error('SQLite store used before migrate()'));
      return writer.write(columnValues(row, true));
    },
    totals: (q) => read('totals', q),
    totalsBy: (q, by) => read('totalsBy', q, by),
    series: (q, bucket) => read('series', q, bucket),
    aggregate: (q) => read('aggregate', q),
    aggregateMany: (qs) => read('aggregateMany', qs),
    recent: (q, limit) => read('recent', q, limit),
    async *rows(q) {
      // Page by page: an export holds no connection between pages, so inserts go on meanwhile.
      let cursor: RowsCursor | undefined;
      for (;;) {
        const page = await read('rowsPage', q, cursor, ROWS_BATCH);
        yield* page;
        const last = page.at(-1);
        if (!last || page.length < ROWS_BATCH) return;
        cursor = { ts: last.ts, requestId: last.requestId };
      }
    },
    // On this thread, on purpose: the in-memory budget store seeds a period's counter from these
    // and adds every settle after it. Read in the same turn as the journal flush, the seed holds
    // exactly the requests settled before it; on the worker, requests settled while the read is
    // in flight would be lost or counted twice. Both are small index reads (~1 ms at 1M rows),
    // once per tenant and period, not per request.
    chargedSince: (tenantId, from) => readHere('chargedSince', tenantId, from),
    chargedByBucket: (tenantId, from, bucketMs) => readHere('chargedByBucket', tenantId, from, bucketMs),
    async deleteBefore(before) {
      if (!fold) throw new Error('SQLite store used before migrate()');
      writer?.flush();
      return bulkDelete(db, fold, before);
    },
    async deleteAll() {
      if (!fold) throw new Error('SQLite store used before migrate()');
      writer?.flush();
      return bulkDelete(db, fold, undefined);
    },
    async close() {
      closed = true;
      clearInterval(folding);
      writer?.close();
      await pool?.close();
      if (db.open) db.close();
    },
  };
  return store;
}

export type { UsageTotals, LedgerRow };
