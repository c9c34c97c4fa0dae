// The SQLite read worker's entry point: its own read-only connection to the ledger file (WAL lets
// it read while the main thread writes) answers the read methods of sqlite-reads.ts.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { AggregateSource } from '../usage-queries.js';
import { packValue, transferList } from './packed-rows.js';
import type { ReadRequest, ReadResponse } from './read-pool.js';
import { createSqliteReads, type SqliteReads } from './sqlite-reads.js';
import { setCacheSize } from './cache-size.js';

/** What the store passes to a new worker. */
export interface ReadWorkerData {
  file: string;
  source: AggregateSource;
  cacheBytes?: number;
}

const { file, source, cacheBytes } = workerData as ReadWorkerData;
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
setCacheSize(db, cacheBytes);
const reads = createSqliteReads(db, source);

parentPort!.on('message', (m: ReadRequest) => {
  let answer: ReadResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const method = reads[m.method as keyof SqliteReads] as ((...args: unknown[]) => unknown) | undefined;
    if (!method) throw new Error(`unknown read ${m.method}`);
    const value = packValue(method(...m.args));
    transfer = transferList(value);
    answer = { id: m.id, ok: true, value };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    answer = { id: m.id, ok: false, error: { name: e.name, message: e.message } };
  }
  parentPort!.postMessage(answer, transfer);
});
