// A streamed answer's last event reaches the client only once its ledger row is stored (issue 13):
// the chunk that completes the stream (message_stop) is held until the row is written, then sent
// with the end of the response. Shown on PostgreSQL, where the ledger can be made to wait: a
// transaction locks the usage table, the gateway's insert waits on it, and meanwhile the client has
// had every event but the last.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { request } from 'undici';
import { basicConfig, startGatewayProcess, tempDir, writeConfig, type GatewayProcess } from '../support/gateway-process.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { freshSchema, postgresTestUrl, POSTGRES_SKIP, type FreshSchema } from '../support/postgres.js';
import { TENANT_KEY } from '../support/stack.js';
import { waitFor } from './failover-helpers.js';

/** Lets the test process's event loop take in whatever the kernel already holds for it. */
async function drainIo(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
}

describe('the end of a stream waits for its ledger row', async () => {
  const base = await postgresTestUrl();
  let schema: FreshSchema;
  let fake: FakeUpstream;
  let gw: GatewayProcess;
  let db: pg.Client;
  before(async () => {
    if (!base) return;
    schema = await freshSchema(base);
    fake = await startFakeUpstream();
    const dir = tempDir();
    writeConfig(dir, basicConfig([{ id: 'up1', url: fake.url, key: fake.key }], [{ id: 'alice', key: TENANT_KEY }], { storage: { databaseUrl: schema.url } }));
    gw = await startGatewayProcess({ configDir: dir });
    db = new pg.Client({ connectionString: schema.url });
    await db.connect();
  });
  after(async () => {
    await db?.end();
    await gw?.stop();
    await fake?.close();
    await schema?.drop();
  });

  test('message_stop is held while the row cannot be written, then arrives with the end', { skip: base ? false : POSTGRES_SKIP }, async () => {
    // events apart, so the stream reaches the gateway in several chunks
    fake.queue({ eventDelayMs: 20, deltas: 3 });
    await db.query('BEGIN');
    await db.query('LOCK TABLE usage IN EXCLUSIVE MODE'); // INSERT waits; SELECT does not
    let text = '';
    let ended = false;
    try {
      const res = await request(`${gw.baseUrl}/anthropic/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
      });
      assert.equal(res.statusCode, 200);
      res.body.setEncoding('utf8');
      res.body.on('data', (s: string) => (text += s));
      res.body.on('end', () => (ended = true));
      // The gateway has read the whole stream and is writing its row: the insert waits on the lock.
      await waitFor(async () => {
        const r = await db.query("SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'usage' AND NOT l.granted");
        return (r.rows[0] as { n: number }).n > 0;
      }, 'the ledger insert to wait on the lock');
      await drainIo();
      assert.match(text, /event: message_start/, 'the stream began');
      assert.match(text, /event: content_block_delta/, 'the deltas passed as they came');
      assert.doesNotMatch(text, /message_stop/, 'the last event waits for the row');
      assert.equal(ended, false);
    } finally {
      await db.query('COMMIT');
    }
    await waitFor(() => ended, 'the response to end');
    assert.match(text, /event: message_stop\ndata: \{"type":"message_stop"\}\n\n$/, 'then the last event ends the response');
    const rows = (await db.query('SELECT status, output_tokens FROM usage')).rows as Array<Record<string, unknown>>;
    assert.deepEqual(rows.map((r) => [r['status'], Number(r['output_tokens'])]), [[200, 12]]);
  });
});
