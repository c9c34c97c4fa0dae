// The read worker pool's bounds: every read is answered (value, error, timeout, dead worker, full
// queue, closed store), and the pool goes on working after a worker is lost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { ReadPoolError, createReadPool, type ReadPool, type ReadPoolOptions } from '../../../src/storage/sqlite/read-pool.js';

const FIXTURE = new URL('./read-pool-fixture-worker.js', import.meta.url);

async function withPool(options: Partial<ReadPoolOptions>, fn: (pool: ReadPool, spawned: () => number) => Promise<void>): Promise<void> {
  let spawned = 0;
  const pool = createReadPool(
    () => {
      spawned++;
      return new Worker(FIXTURE);
    },
    { timeoutMs: 10_000, maxQueued: 10, ...options },
  );
  try {
    await fn(pool, () => spawned);
  } finally {
    await pool.close();
  }
}

const code = (c: string) => (err: unknown) => err instanceof ReadPoolError && err.code === c;

describe('read pool', () => {
  it('answers reads in order, and a worker-side error as that error', () =>
    withPool({}, async (pool, spawned) => {
      const answers = await Promise.all([pool.call('echo', [1]), pool.call('echo', ['two']), pool.call('refuse', []).catch((e: unknown) => e)]);
      assert.deepEqual(answers.slice(0, 2), [[1], ['two']]);
      assert.ok(answers[2] instanceof RangeError);
      assert.equal((answers[2] as Error).message, 'refused');
      assert.equal(spawned(), 1);
    }));

  it('answers a read that runs too long with read_timeout, then serves the next on a new worker', () =>
    withPool({ timeoutMs: 200 }, async (pool, spawned) => {
      const hung = pool.call('hang', []);
      const next = pool.call('echo', ['after']);
      await assert.rejects(hung, code('read_timeout'));
      assert.deepEqual(await next, ['after']);
      assert.equal(spawned(), 2);
    }));

  it('answers the read of a worker that exits or throws with read_worker_failed, and recovers', () =>
    withPool({}, async (pool, spawned) => {
      await assert.rejects(pool.call('exit', []), code('read_worker_failed'));
      assert.deepEqual(await pool.call('echo', [1]), [1]);
      await assert.rejects(pool.call('throw', []), (err: unknown) => code('read_worker_failed')(err) && /blew up/.test((err as Error).message));
      assert.deepEqual(await pool.call('echo', [2]), [2]);
      assert.equal(spawned(), 3);
    }));

  it('refuses a read at once when the queue is full, and still answers the queued ones', () =>
    withPool({ maxQueued: 2, timeoutMs: 300 }, async (pool) => {
      const running = pool.call('hang', []);
      const queued = [pool.call('echo', ['a']), pool.call('echo', ['b'])];
      await assert.rejects(pool.call('echo', ['c']), code('read_queue_full'));
      await assert.rejects(running, code('read_timeout'));
      assert.deepEqual(await Promise.all(queued), [['a'], ['b']]);
    }));

  it('close() answers running and waiting reads with store_closed, and later ones too', () =>
    withPool({}, async (pool) => {
      const running = assert.rejects(pool.call('hang', []), code('store_closed'));
      const waiting = assert.rejects(pool.call('echo', [1]), code('store_closed'));
      await pool.close();
      await Promise.all([running, waiting]);
      await assert.rejects(pool.call('echo', [2]), code('store_closed'));
    }));
});
