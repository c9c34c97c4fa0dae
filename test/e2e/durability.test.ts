// A completed request's usage is never lost: kill -9 the gateway under load; every request the
// client saw complete is in the ledger after restart. On SQLite (journal + batched inserts) and on
// PostgreSQL (rows of one event-loop turn committed as one statement before their answers end).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { request } from 'undici';
import { startGatewayProcess } from '../support/gateway-process.js';
import { freshSchema, POSTGRES_SKIP, postgresTestUrl } from '../support/postgres.js';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';

/** Drives 12 clients until 150 requests completed, kills the gateway with SIGKILL; the ids the clients saw complete. */
async function completedBeforeKill(stack: Stack): Promise<Set<string>> {
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
  return completed;
}

test('kill -9 under load loses no completed request', async () => {
  const stack = await startStack();
  const completed = await completedBeforeKill(stack);
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

const pgBase = await postgresTestUrl();

test('kill -9 under load loses no completed request on PostgreSQL', { skip: pgBase ? false : POSTGRES_SKIP }, async () => {
  const schema = await freshSchema(pgBase!);
  const stack = await startStack({ server: { storage: { databaseUrl: schema.url } } });
  try {
    const completed = await completedBeforeKill(stack);
    // Straight from the database: nothing of the killed process can still be on its way there.
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    const stored = new Set((await client.query<{ request_id: string }>('SELECT request_id FROM usage')).rows.map((r) => r.request_id));
    await client.end();
    const missing = [...completed].filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${completed.size} completed requests missing`);
    assert.ok(completed.size >= 150);
  } finally {
    await Promise.all(stack.fakes.map((f) => f.close()));
    await schema.drop();
  }
});
