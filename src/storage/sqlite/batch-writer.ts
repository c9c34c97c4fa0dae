// Group commit for the SQLite ledger: rows inserted in the same event-loop turn go out as one
// batch, written in one transaction by a worker thread (or in-thread when no worker can run, e.g.
// under tsx or for :memory:). Each insert resolves only after its batch committed, which keeps
// "durable before the response's last byte" without a disk write per row on the event loop.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

interface Waiter {
  done: () => void;
  fail: (err: unknown) => void;
}

export interface BatchWriter {
  write(values: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** A writer that commits batches on `db` itself. */
function inThread(db: Database.Database, sql: string): (rows: unknown[][]) => Promise<void> {
  const stmt = db.prepare(sql);
  const tx = db.transaction((rows: unknown[][]) => {
    for (const r of rows) stmt.run(r);
  });
  return async (rows) => tx(rows);
}

/** A writer that commits batches in a worker thread with its own connection. */
function inWorker(file: string, sql: string): { commit: (rows: unknown[][]) => Promise<void>; close: () => Promise<void> } | undefined {
  const url = new URL('./ledger-writer-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return undefined;
  const worker = new Worker(url, { workerData: { file, sql } });
  const waiting = new Map<number, Waiter>();
  let nextId = 1;
  worker.on('message', (m: { id: number; ok: boolean; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.done();
    else w?.fail(new Error(m.error));
  });
  worker.on('error', (err) => {
    for (const w of waiting.values()) w.fail(err);
    waiting.clear();
  });
  return {
    commit: (rows) =>
      new Promise((done, fail) => {
        const id = nextId++;
        waiting.set(id, { done, fail });
        worker.postMessage({ id, rows });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

/** Creates the group-commit writer for `sql` (an INSERT with one placeholder per value). */
export function createBatchWriter(db: Database.Database, file: string, sql: string): BatchWriter {
  const worker = file === ':memory:' ? undefined : inWorker(file, sql);
  const commit = worker?.commit ?? inThread(db, sql);
  let pending: Array<{ values: unknown[] } & Waiter> = [];
  let inFlight: Promise<void> = Promise.resolve();
  const flush = () => {
    const batch = pending;
    pending = [];
    const done = commit(batch.map((p) => p.values)).then(
      () => batch.forEach((p) => p.done()),
      (err: unknown) => batch.forEach((p) => p.fail(err)),
    );
    inFlight = inFlight.then(() => done);
  };
  return {
    write: (values) =>
      new Promise<void>((done, fail) => {
        if (pending.push({ values, done, fail }) === 1) setImmediate(flush);
      }),
    close: async () => {
      if (pending.length) flush();
      await inFlight;
      await worker?.close();
    },
  };
}
