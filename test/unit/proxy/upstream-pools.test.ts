// The pool per upstream keeps at most upstreams[].maxConnections connections open: further
// requests wait in its queue instead of opening more sockets to the mirror.
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { UpstreamPools } from '../../../src/proxy/upstream-pools.js';
import { upstream } from '../routing/routing-fixtures.js';

test('no more connections than maxConnections; a changed limit gets a new pool', async () => {
  const sockets = new Set<unknown>();
  let mostSockets = 0;
  const held: ServerResponse[] = [];
  const server = createServer((_req, res) => {
    held.push(res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    mostSockets = Math.max(mostSockets, sockets.size);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pools = new UpstreamPools();
  try {
    const up = upstream('a', { origin, maxConnections: 2 });
    const pool = pools.get(up);
    const answers = Array.from({ length: 5 }, () => pool.request({ method: 'GET', path: '/' }).then(async (r) => r.body.text()));
    // Five requests in flight, the server holds every one: only two ever reached it.
    while (held.length < 2) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(held.length, 2);
    while (held.length < 5) {
      held.find((res) => !res.writableEnded)?.end('ok');
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const res of held) if (!res.writableEnded) res.end('ok');
    assert.deepEqual(await Promise.all(answers), ['ok', 'ok', 'ok', 'ok', 'ok']);
    assert.equal(mostSockets, 2);
    assert.notEqual(pools.get({ ...up, maxConnections: 3 }), pool);
    assert.equal(pools.get(up), pool);
  } finally {
    await pools.closeAll();
    server.closeAllConnections();
    server.close();
  }
});
