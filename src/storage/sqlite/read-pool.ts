// Runs reads on a worker thread, one at a time, so a long query never blocks the event loop that
// serves requests. Bounded everywhere: a capped queue (full: refused at once), a timeout per read
// (answered with an error; the worker, stuck in SQLite, is terminated and a new one started), and
// a worker that dies is replaced. The worker holds the process open only while a read runs.
import type { Worker } from 'node:worker_threads';
import { unpackValue } from './packed-rows.js';

/** A read sent to the worker. */
export interface ReadRequest {
  id: number;
  method: string;
  args: unknown[];
}

/** The worker's answer to one read (an array of rows may come packed, see packed-rows.ts). */
export type ReadResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string } };

export type ReadPoolErrorCode = 'read_timeout' | 'read_queue_full' | 'read_worker_failed' | 'store_closed';

/** Why a read was not answered by the worker. */
export class ReadPoolError extends Error {
  constructor(
    readonly code: ReadPoolErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ReadPoolError';
  }
}

export interface ReadPoolOptions {
  /** Longest one read may run before it is answered with a `read_timeout` error. */
  timeoutMs: number;
  /** Reads that may wait behind the running one; more are refused with `read_queue_full`. */
  maxQueued: number;
}

export interface ReadPool {
  call(method: string, args: unknown[]): Promise<unknown>;
  /** Starts the worker now, so that the first read does not wait for it to load. */
  warm(): void;
  /** Refuses waiting reads with `store_closed` and stops the worker. */
  close(): Promise<void>;
}

interface Job extends ReadRequest {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** Rebuilds an error thrown in the worker (a RangeError stays a RangeError). */
function revive(e: { name: string; message: string }): Error {
  const err = e.name === 'RangeError' ? new RangeError(e.message) : new Error(e.message);
  if (e.name !== 'RangeError') err.name = e.name;
  return err;
}

/** A pool of one worker made by `spawn` (started at the first read, again after a failure). */
export function createReadPool(spawn: () => Worker, options: ReadPoolOptions): ReadPool {
  const queue: Job[] = [];
  let running: Job | undefined;
  let worker: Worker | undefined;
  /** Whether `worker` has loaded; a read's time limit starts then, not while a new thread boots. */
  let online = false;
  let timer: NodeJS.Timeout | undefined;
  let seq = 0;
  let closed = false;

  const finish = (): Job | undefined => {
    const job = running;
    running = undefined;
    if (timer) clearTimeout(timer);
    timer = undefined;
    worker?.unref();
    return job;
  };
  // The worker is gone or unusable: the running read fails, the next read starts a new one.
  const drop = (err: ReadPoolError): void => {
    const w = worker;
    worker = undefined;
    online = false;
    void w?.terminate();
    finish()?.reject(err);
    pump();
  };
  const startTimer = (job: Job): void => {
    timer = setTimeout(() => drop(new ReadPoolError('read_timeout', `ledger read ${job.method} took longer than ${options.timeoutMs} ms`)), options.timeoutMs);
  };
  const start = (): Worker => {
    const w = spawn();
    online = false;
    w.unref();
    w.on('online', () => {
      if (w !== worker) return;
      online = true;
      if (running && !timer) startTimer(running);
    });
    w.on('message', (m: ReadResponse) => {
      if (w !== worker || m.id !== running?.id) return;
      const job = finish()!;
      if (m.ok) job.resolve(unpackValue(m.value));
      else job.reject(revive(m.error));
      pump();
    });
    w.on('error', (err) => {
      if (w === worker) drop(new ReadPoolError('read_worker_failed', `ledger read worker failed: ${err.message}`, { cause: err }));
    });
    w.on('exit', (code) => {
      if (w === worker) drop(new ReadPoolError('read_worker_failed', `ledger read worker exited with code ${code}`));
    });
    return w;
  };
  function pump(): void {
    if (running || closed) return;
    const job = queue.shift();
    if (!job) return;
    running = job;
    worker ??= start();
    worker.ref();
    if (online) startTimer(job);
    worker.postMessage({ id: job.id, method: job.method, args: job.args } satisfies ReadRequest);
  }

  return {
    call(method, args) {
      if (closed) return Promise.reject(new ReadPoolError('store_closed', 'ledger store is closed'));
      if (queue.length >= options.maxQueued) return Promise.reject(new ReadPoolError('read_queue_full', `ledger read queue is full (${options.maxQueued} waiting)`));
      return new Promise((resolve, reject) => {
        queue.push({ id: ++seq, method, args, resolve, reject });
        pump();
      });
    },
    warm() {
      if (!closed) worker ??= start();
    },
    async close() {
      if (closed) return;
      closed = true;
      const err = new ReadPoolError('store_closed', 'ledger store is closed');
      for (const job of queue.splice(0)) job.reject(err);
      finish()?.reject(err);
      const w = worker;
      worker = undefined;
      online = false;
      await w?.terminate();
    },
  };
}
