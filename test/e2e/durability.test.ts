// A completed request's usage is never lost: kill -9 the gateway under load; every request the
// client saw complete is in the ledger after restart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { startGatewayProcess } from '../support/gateway-process.js';
import { TENANT_KEY, startStack } from '../support/stack.js';

test('kill -9 under load loses no completed request', async () => {
  const stack = await startStack();
  stack.fake.setScenario({ eventDelayMs: 2 });
  const completed = new Set<string>();
  let stop = false;
  const worker = async (stream: boolean) => {
    while (!stop) {
      try {
        const res = await request(`${stack.anthropicBase}/v1/messages`, {
          method: 'POST',
          headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 50, stream, messages: [{ role: 'user', content: 'Hi' }] }),
        });
        const text = await res.body.text(); // throws if the connection dies before the end
        const id = res.headers['x-ccgate-request-id'];
        if (res.statusCode === 200 && typeof id === 'string' && (!stream || text.includes('message_stop'))) completed.add(id);
      } catch {
        // cut by the kill: not completed from the client's view
      }
    }
  };
  const workers = Array.from({ length: 12 }, (_, i) => worker(i % 2 === 0));
  while (completed.size < 150) await new Promise((r) => setTimeout(r, 20));
  await stack.gw.kill9();
  stop = true;
  await Promise.all(workers);
  const again = await startGatewayProcess({ configDir: stack.gw.configDir, dataDir: stack.gw.dataDir });
  try {
    const stored = new Set(stack.ledger().map((r) => String(r['request_id'])));
    const missing = [...completed].filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${completed.size} completed requests missing`);
    assert.ok(completed.size >= 150);
  } finally {
    await again.stop();
    await Promise.all(stack.fakes.map((f) => f.close()));
  }
});
