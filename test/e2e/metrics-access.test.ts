// Who may read what the gateway knows about its tenants (issue 11 point 12): /health is anonymous
// and carries no tenant data; /metrics (tokens and spend per tenant) needs the bearer token of
// server.json `metrics.token`, is open only with an explicit `metrics.public: true`, and without
// either says how to turn it on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startStack, type Stack } from '../support/stack.js';

const TENANT_ID = 'tenant-id-not-for-strangers';
const KEY = 'ccg-metrics-test-tenant-key-01';
const METRICS_TOKEN = 'metrics-scrape-token-0123456789abcdef';

async function withTraffic(stack: Stack): Promise<void> {
  const client = new Anthropic({ apiKey: KEY, baseURL: stack.anthropicBase, maxRetries: 0 });
  await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] });
}

function start(metrics: Record<string, unknown> | undefined): Promise<Stack> {
  return startStack({ tenants: [{ id: TENANT_ID, key: KEY }], ...(metrics ? { server: { metrics } } : {}) });
}

describe('metrics: no token configured', () => {
  let stack: Stack;
  before(async () => {
    stack = await start(undefined);
    await withTraffic(stack);
  });
  after(() => stack.close());

  test('/metrics is refused with a message saying how to enable it; no tenant shows', async () => {
    const res = await fetch(`${stack.gw.baseUrl}/metrics`);
    assert.equal(res.status, 403);
    const text = await res.text();
    assert.match(text, /metrics\.token/);
    assert.match(text, /metrics\.public/);
    assert.ok(!text.includes(TENANT_ID));
  });

  test('/health stays anonymous and names no tenant', async () => {
    const res = await fetch(`${stack.gw.baseUrl}/health`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(!text.includes(TENANT_ID), '/health names a tenant');
    const body = JSON.parse(text) as { status: string; inFlight: number };
    assert.equal(body.status, 'ok');
    assert.equal(typeof body.inFlight, 'number');
  });
});

describe('metrics: bearer token', () => {
  let stack: Stack;
  before(async () => {
    stack = await start({ token: METRICS_TOKEN });
    await withTraffic(stack);
  });
  after(() => stack.close());

  test('without the token or with a wrong one: 401; with it: the tenant series', async () => {
    const url = `${stack.gw.baseUrl}/metrics`;
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789abcdef00' }, { authorization: METRICS_TOKEN }] as Array<Record<string, string>>) {
      const res = await fetch(url, { headers });
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.ok(!(await res.text()).includes(TENANT_ID));
    }
    const ok = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), new RegExp(`ccgate_tokens_total\\{tenant="${TENANT_ID}"`));
  });

  test('the token never shows in a log file', async () => {
    await stack.gw.stop();
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(stack.gw.dataDir, 'logs');
    for (const f of readdirSync(dir)) assert.ok(!readFileSync(join(dir, f), 'utf8').includes(METRICS_TOKEN), f);
  });
});

describe('metrics: public by explicit choice', () => {
  let stack: Stack;
  before(async () => {
    stack = await start({ public: true });
  });
  after(() => stack.close());

  test('/metrics answers without a token', async () => {
    const res = await fetch(`${stack.gw.baseUrl}/metrics`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /ccgate_requests_total/);
  });
});
