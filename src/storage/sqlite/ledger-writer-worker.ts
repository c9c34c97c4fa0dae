// Worker thread that writes ledger rows into the SQLite file, so inserts cost the event loop only
// a postMessage. Each message is one batch written in one transaction; the reply comes after it
// committed (WAL, synchronous=NORMAL: the rows survive kill -9 of the process once replied).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

interface Batch {
  id: number;
  rows: unknown[][];
}

const { file, sql } = workerData as { file: string; sql: string };
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const stmt = db.prepare(sql);
const write = db.transaction((rows: unknown[][]) => {
  for (const r of rows) stmt.run(r);
});

parentPort!.on('message', (batch: Batch) => {
  try {
    write(batch.rows);
    parentPort!.postMessage({ id: batch.id, ok: true });
  } catch (err) {
    parentPort!.postMessage({ id: batch.id, ok: false, error: (err as Error).message });
  }
});
