// What the gateway says and records about a client's own mistakes (issue 11 point 13): a client
// that leaves before the first byte is a client abort, not a bad request; error messages help
// without echoing the request or naming tenants; CORS opens only real API paths to browsers and
// only for the headers their SDKs send.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultTenants, TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import { waitFor } from './failover-helpers.js';

const DISABLED_ID = 'tenant-id-that-must-stay-private';
const DISABLED_KEY = 'ccg-disabled-tenant-key-000001';

describe('client-facing errors', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ tenants: [...defaultTenants(), { id: DISABLED_ID, key: DISABLED_KEY, enabled: false }] });
  });
  after(() => stack.close());

  async function abortBeforeFirstByte(path: string, headers: Record<string, string>, body: string): Promise<Record<string, unknown>> {
    const before = stack.fake.received.length;
    const controller = new AbortController();
    const pending = fetch(`${stack.gw.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-fake-scenario': JSON.stringify({ delayMs: 3_000 }), ...headers }, body, signal: controller.signal });
    await waitFor(() => stack.fake.received.length > before, 'the upstream request');
    controller.abort();
    await assert.rejects(pending);
    let row: Record<string, unknown> | undefined;
    await waitFor(() => (row = stack.ledger().find((r) => !seen.has(String(r['request_id'])) && r['endpoint'] === (path.startsWith('/openai') ? 'openai' : 'anthropic'))) !== undefined, 'the ledger row');
    seen.add(String(row!['request_id']));
    return row!;
  }
  const seen = new Set<string>();

  test('a client that disconnects before the first byte is recorded as a client abort (499), not a 400', async () => {
    for (const r of stack.ledger()) seen.add(String(r['request_id']));
    const row = await abortBeforeFirstByte('/anthropic/v1/messages', { 'x-api-key': TENANT_KEY }, JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] }));
    assert.equal(row['status'], 499);
    assert.equal(row['error_type'], 'client_closed');
    const file = join(stack.gw.dataDir, 'logs', 'access.log');
    await waitFor(() => {
      try {
        return readFileSync(file, 'utf8').includes(String(row['request_id']));
      } catch {
        return false;
      }
    }, 'the access-log line');
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.includes(String(row['request_id'])))!;
    const logged = JSON.parse(line) as { status: number; errorCode: string };
    assert.deepEqual([logged.status, logged.errorCode], [499, 'client_closed']);
  });

  test('the same on the OpenAI endpoint', async () => {
    const row = await abortBeforeFirstByte('/openai/v1/chat/completions', { authorization: `Bearer ${TENANT_KEY}` }, JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }] }));
    assert.deepEqual([row['status'], row['error_type']], [499, 'client_closed']);
  });

  test('invalid JSON: the error says where, never echoes the body', async () => {
    for (const [path, auth] of [['/anthropic/v1/messages', { 'x-api-key': TENANT_KEY }], ['/openai/v1/chat/completions', { authorization: `Bearer ${TENANT_KEY}` }]] as const) {
      const res = await fetch(`${stack.gw.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: 'PRIVATE-PROMPT-TEXT {"model": "x" ' });
      assert.equal(res.status, 400);
      const text = await res.text();
      assert.doesNotMatch(text, /PRIVATE|PROMPT|"model"/, path);
      assert.match(text, /not valid JSON/, path);
    }
  });

  test('a model name too long to be one is refused and stored nowhere', async () => {
    const huge = `claude-${'x'.repeat(200_000)}`;
    for (const [path, auth] of [['/anthropic/v1/messages', { 'x-api-key': TENANT_KEY }], ['/openai/v1/chat/completions', { authorization: `Bearer ${TENANT_KEY}` }]] as const) {
      const res = await fetch(`${stack.gw.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ model: huge, max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }) });
      assert.equal(res.status, 400, path);
      const text = await res.text();
      assert.ok(text.length < 1_000, `${path}: the error quotes the name`);
      const id = res.headers.get('x-ccgate-request-id')!;
      await waitFor(() => stack.ledger().some((r) => r['request_id'] === id), 'the ledger row');
      assert.equal(stack.ledger().find((r) => r['request_id'] === id)!['model_requested'], null, path);
    }
    const file = join(stack.gw.dataDir, 'logs', 'access.log');
    await new Promise((r) => setTimeout(r, 400));
    assert.ok(!readFileSync(file, 'utf8').includes('x'.repeat(1_000)), 'the access log holds the name');
  });

  test('a disabled tenant is told so without its tenant id', async () => {
    const res = await fetch(`${stack.anthropicBase}/v1/messages`, { method: 'POST', headers: { 'x-api-key': DISABLED_KEY }, body: '{}' });
    assert.equal(res.status, 403);
    const text = await res.text();
    assert.match(text, /disabled/);
    assert.ok(!text.includes(DISABLED_ID), 'the tenant id is not named');
  });
});

describe('CORS', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  const preflight = (path: string, asked: string) =>
    fetch(`${stack.gw.baseUrl}${path}`, { method: 'OPTIONS', headers: { origin: 'http://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': asked } });

  test('only the request headers browser SDKs send are allowed; cookie and unknown ones are not', async () => {
    const res = await preflight('/anthropic/v1/messages', 'x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access, x-stainless-os, cookie, x-evil, content-type');
    assert.equal(res.status, 204);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(',').map((s) => s.trim());
    assert.deepEqual(allowed, ['x-api-key', 'anthropic-version', 'anthropic-dangerous-direct-browser-access', 'x-stainless-os', 'content-type']);
    const openai = await preflight('/openai/v1/chat/completions', 'authorization, content-type, openai-organization, x-stainless-retry-count');
    assert.equal(openai.headers.get('access-control-allow-headers'), 'authorization, content-type, openai-organization, x-stainless-retry-count');
  });

  test('a preflight for an unknown path is a 404, not an open door', async () => {
    for (const path of ['/anthropic/v1/nope', '/openai/v1/whatever', '/api/unknown']) {
      const res = await preflight(path, 'authorization');
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('access-control-allow-methods'), null, path);
    }
  });

  test('no CORS on the dashboard', async () => {
    const res = await fetch(`${stack.gw.baseUrl}/dashboard/`, { headers: { origin: 'http://app.example' } });
    await res.arrayBuffer();
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const pre = await preflight('/dashboard/api/anything', 'authorization');
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
  });
});
