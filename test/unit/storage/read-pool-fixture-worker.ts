// A stand-in read worker for read-pool.test.ts: echoes, fails, hangs or dies on request. Does
// nothing when the test runner loads it as a plain file.
import { parentPort } from 'node:worker_threads';
import type { ReadRequest, ReadResponse } from '../../../src/storage/sqlite/read-pool.js';

parentPort?.on('message', (m: ReadRequest) => {
  const answer = (a: ReadResponse): void => parentPort!.postMessage(a);
  switch (m.method) {
    case 'echo':
      return answer({ id: m.id, ok: true, value: m.args });
    case 'refuse':
      return answer({ id: m.id, ok: false, error: { name: 'RangeError', message: 'refused' } });
    case 'hang': {
      // Busy, like a thread stuck in a long SQLite statement: only terminate() ends it.
      for (;;);
    }
    case 'exit':
      return process.exit(3);
    case 'throw':
      throw new Error('worker blew up');
  }
});
