// Regression (issue 11, defect 13): when the PostgreSQL budget store fails while a request settles
// (here: its holds table vanishes mid-request), the request's good ledger row stays as written —
// it is never settled a second time and replaced by a zero-token error row — and the client gets
// its answer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { request } from 'undici';
import { basicConfig, startGatewayProcess, tempDir, writeConfig, type GatewayProcess } from '../support/gateway-process.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { freshSchema, postgresTestUrl, POSTGRES_SKIP, type FreshSchema } from '../support/postgres.js';
import { TENANT_KEY } from '../support/stack.js';
import { waitFor } from './failover-helpers.js';

describe('a budget store that fails while a request settles', async () => {
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
    writeConfig(dir, basicConfig([{ id: 'up1', url: fake.url, key: fake.key }], [{ id: 'alice', key: TENANT_KEY, limits: { daily: { maxUSD: 10 } } }], { storage: { databaseUrl: schema.url } }));
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

  test('keeps the good ledger row and answers 200', { skip: base ? false : POSTGRES_SKIP }, async () => {
    fake.queue({ delayMs: 1_000 });
    const answer = request(`${gw.baseUrl}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    // Once the request is upstream its hold is placed; then the budget store breaks.
    await waitFor(() => fake.received.length === 1, 'the request to reach the upstream');
    await db.query('ALTER TABLE ccgate_budget_holds RENAME TO ccgate_budget_holds_gone');
    try {
      const res = await answer;
      const text = await res.body.text();
      assert.equal(res.statusCode, 200, text);
      const id = String(res.headers['x-ccgate-request-id']);
      await new Promise((r) => setTimeout(r, 300)); // a second settle, if any, would land now
      const rows = (await db.query('SELECT status, output_tokens, error_type FROM usage WHERE request_id = $1', [id])).rows as Array<Record<string, unknown>>;
      assert.deepEqual(rows.map((r) => [r['status'], Number(r['output_tokens']), r['error_type']]), [[200, 12, null]]);
    } finally {
      await db.query('ALTER TABLE ccgate_budget_holds_gone RENAME TO ccgate_budget_holds');
    }
  });
});
