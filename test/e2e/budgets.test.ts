// Budgets hold under concurrency, through the real gateway: 50 parallel requests against a tiny
// daily budget overspend by less than one request's cost under the `soft` policy, on one instance
// (SQLite) and on two instances sharing PostgreSQL, and never pass it under the default `clamp`;
// refusals are 429s in Anthropic shape naming the limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { basicConfig, startGatewayProcess, tempDir, writeConfig, type GatewayProcess } from '../support/gateway-process.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { freshSchema, postgresTestUrl, POSTGRES_SKIP, type FreshSchema } from '../support/postgres.js';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';

/** What one fake answer costs on claude-sonnet-4-6 (see fake-messages.ts usage): 825,000 nano. */
const REQUEST_COST_NANO = 825_000;
const LIMIT_USD = 0.005;
const LIMIT_NANO = 5_000_000;
const tenants = [{ id: 'alice', key: TENANT_KEY, limits: { daily: { maxUSD: LIMIT_USD } }, budgetPolicy: 'soft' }];
/** Worst case of one request as `clamp` and `strict` price it: ~28 input tokens as cache writes + 100 output tokens. */
const WORST_CASE_NANO = 1_605_000;

async function ask(baseUrl: string): Promise<{ status: number; body: string; retryAfter: string | undefined }> {
  const res = await request(`${baseUrl}/anthropic/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] }),
  });
  const ra = res.headers['retry-after'];
  return { status: res.statusCode, body: await res.body.text(), retryAfter: typeof ra === 'string' ? ra : undefined };
}

/** 50 parallel requests, then sequential ones until every instance refuses. */
async function exhaust(baseUrls: string[]): Promise<{ ok: number; refused: Array<{ status: number; body: string; retryAfter: string | undefined }> }> {
  const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => ask(baseUrls[i % baseUrls.length]!)));
  let ok = burst.filter((r) => r.status === 200).length;
  const refused = burst.filter((r) => r.status !== 200);
  for (let round = 0; round < 20; round++) {
    const rs = await Promise.all(baseUrls.map(ask));
    ok += rs.filter((r) => r.status === 200).length;
    refused.push(...rs.filter((r) => r.status !== 200));
    if (rs.every((r) => r.status === 429)) break;
  }
  return { ok, refused };
}

function checkRefusals(refused: Array<{ status: number; body: string; retryAfter: string | undefined }>): void {
  assert.ok(refused.length > 0);
  for (const r of refused) {
    assert.equal(r.status, 429);
    const body = JSON.parse(r.body) as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'rate_limit_error');
    assert.match(body.error.message, /Daily budget exceeded: \$[\d.]+ used of \$0\.0050; resets at \d{4}-/);
    assert.ok(Number(r.retryAfter) >= 1);
  }
}

describe('budget on one instance (SQLite)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ tenants });
  });
  after(() => stack.close());

  test('50 parallel requests: spend passes the limit by less than one request', async () => {
    const { ok, refused } = await exhaust([stack.gw.baseUrl]);
    checkRefusals(refused);
    const rows = stack.ledger();
    const spent = rows.reduce((s, r) => s + Number(r['charged_cost_nano']), 0);
    assert.equal(rows.filter((r) => r['status'] === 200).length, ok);
    assert.equal(spent, ok * REQUEST_COST_NANO);
    assert.ok(spent >= LIMIT_NANO, `budget never reached: ${spent}`);
    assert.ok(spent < LIMIT_NANO + REQUEST_COST_NANO, `overspent: ${spent} for limit ${LIMIT_NANO}`);
    assert.ok(rows.some((r) => r['error_type'] === 'budget_exceeded'), 'refusals are in the ledger too');
  });
});

describe('budget on one instance under the default policy (clamp)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ tenants: [{ id: 'alice', key: TENANT_KEY, limits: { daily: { maxUSD: LIMIT_USD } } }] });
  });
  after(() => stack.close());

  test('50 parallel requests: spend never passes the limit', async () => {
    const { ok, refused } = await exhaust([stack.gw.baseUrl]);
    assert.ok(refused.length > 0);
    for (const r of refused) {
      assert.equal(r.status, 429);
      assert.match((JSON.parse(r.body) as { error: { message: string } }).error.message, /Daily budget: \$[\d.]+ of \$0\.0050 is left, not enough for a useful answer \(100 output tokens\)/);
    }
    const spent = stack.ledger().reduce((s, r) => s + Number(r['charged_cost_nano']), 0);
    assert.equal(spent, ok * REQUEST_COST_NANO);
    assert.ok(spent <= LIMIT_NANO, `overspent: ${spent} for limit ${LIMIT_NANO}`);
    assert.ok(spent > LIMIT_NANO - WORST_CASE_NANO, `stopped early: ${spent}`);
  });
});

describe('budget shared by two instances on PostgreSQL', async () => {
  const base = await postgresTestUrl();
  let schema: FreshSchema;
  let fake: FakeUpstream;
  let gws: GatewayProcess[] = [];
  before(async () => {
    if (!base) return;
    schema = await freshSchema(base);
    fake = await startFakeUpstream();
    const dir = tempDir();
    writeConfig(dir, basicConfig([{ id: 'up1', url: fake.url, key: fake.key }], tenants, { storage: { databaseUrl: schema.url } }));
    gws = await Promise.all([startGatewayProcess({ configDir: dir }), startGatewayProcess({ configDir: dir })]);
  });
  after(async () => {
    await Promise.all(gws.map((g) => g.stop()));
    await fake?.close();
    await schema?.drop();
  });

  test('the same bound holds across both instances', { skip: base ? false : POSTGRES_SKIP }, async () => {
    const { ok, refused } = await exhaust(gws.map((g) => g.baseUrl));
    checkRefusals(refused);
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: schema.url });
    await client.connect();
    try {
      const r = await client.query('SELECT COUNT(*)::int AS n, COALESCE(SUM(charged_cost_nano), 0)::bigint AS spent FROM usage WHERE status = 200');
      const row = r.rows[0] as { n: number; spent: string };
      assert.equal(row.n, ok);
      const spent = Number(row.spent);
      assert.ok(spent >= LIMIT_NANO && spent < LIMIT_NANO + REQUEST_COST_NANO, `spent ${spent} for limit ${LIMIT_NANO}`);
    } finally {
      await client.end();
    }
    assert.ok(gws.every((g) => g.output().includes('listening')));
  });
});
