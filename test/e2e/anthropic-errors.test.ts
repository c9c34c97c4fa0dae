// Every refusal reaches the client with the right status in Anthropic's error shape, and none of
// them is proxied upstream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { basicConfig, startGatewayProcess, tempDir, writeConfig, type GatewayProcess } from '../support/gateway-process.js';
import { OTHER_KEY, TENANT_KEY, defaultTenants, startStack, type Stack } from '../support/stack.js';

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: { type?: string; error?: { type: string; message: string } }; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers }, body });
  return { status: res.status, json: (await res.json()) as { type?: string; error?: { type: string; message: string } }, headers: res.headers };
}

function assertAnthropicError(r: { status: number; json: { type?: string; error?: { type: string; message: string } } }, status: number, type: string): void {
  assert.equal(r.status, status);
  assert.equal(r.json.type, 'error');
  assert.equal(r.json.error?.type, type);
  assert.equal(typeof r.json.error?.message, 'string');
  assert.ok(r.json.error!.message.length > 0);
}

const valid = JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });

describe('Anthropic endpoint errors', () => {
  let stack: Stack;
  let url: string;
  before(async () => {
    stack = await startStack({
      tenants: [...defaultTenants(), { id: 'off', key: 'ccg-disabled-tenant-key', enabled: false }],
      server: { server: { host: '127.0.0.1', maxBodySize: '64KB' } },
    });
    url = `${stack.anthropicBase}/v1/messages`;
  });
  after(() => stack.close());

  test('missing key → 401', async () => assertAnthropicError(await post(url, valid), 401, 'authentication_error'));
  test('wrong key → 401', async () => assertAnthropicError(await post(url, valid, { 'x-api-key': 'ccg-not-a-real-key-xxxx' }), 401, 'authentication_error'));
  test('disabled tenant → 403', async () => assertAnthropicError(await post(url, valid, { 'x-api-key': 'ccg-disabled-tenant-key' }), 403, 'permission_error'));

  test('model outside the allow-list → 403 naming the model', async () => {
    const r = await post(url, valid, { authorization: `Bearer ${OTHER_KEY}` });
    assertAnthropicError(r, 403, 'permission_error');
    assert.match(r.json.error!.message, /claude-opus-4-8/);
  });

  test('allow-list wildcards are case-insensitive', async () => {
    const r = await post(url, JSON.stringify({ model: 'Claude-SONNET-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }), { 'x-api-key': OTHER_KEY });
    assert.equal(r.status, 200);
  });

  test('bad JSON → 400', async () => assertAnthropicError(await post(url, '{"model": ', { 'x-api-key': TENANT_KEY }), 400, 'invalid_request_error'));
  test('body not an object → 400', async () => assertAnthropicError(await post(url, '[1,2]', { 'x-api-key': TENANT_KEY }), 400, 'invalid_request_error'));
  test('missing model → 400', async () => {
    const r = await post(url, JSON.stringify({ max_tokens: 1, messages: [] }), { 'x-api-key': TENANT_KEY });
    assertAnthropicError(r, 400, 'invalid_request_error');
    assert.match(r.json.error!.message, /model/);
  });

  test('body above the limit → 413', async () => {
    const big = JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 10, messages: [{ role: 'user', content: 'x'.repeat(70_000) }] });
    assertAnthropicError(await post(url, big, { 'x-api-key': TENANT_KEY }), 413, 'request_too_large');
  });

  test('unknown paths → 404 in Anthropic shape, never proxied', async () => {
    const before = stack.fake.received.length;
    for (const path of ['/anthropic/v1/complete', '/anthropic/v1/messages/batches', '/v1/messages', '/anthropic/../etc/passwd', '/whatever']) {
      assertAnthropicError(await post(`${stack.gw.baseUrl}${path}`, valid, { 'x-api-key': TENANT_KEY }), 404, 'not_found_error');
    }
    assert.equal(stack.fake.received.length, before);
  });

  test('a key in the query string is not accepted, and nothing reaches the upstream', async () => {
    const before = stack.fake.received.length;
    assertAnthropicError(await post(`${url}?api_key=${TENANT_KEY}`, valid), 401, 'authentication_error');
    assert.equal(stack.fake.received.length, before);
  });

  test('upstream 400 is returned as it is', async () => {
    const r = await post(url, JSON.stringify({ model: 'claude-opus-4-8', messages: [] }), { 'x-api-key': TENANT_KEY });
    assertAnthropicError(r, 400, 'invalid_request_error');
    assert.match(r.json.error!.message, /max_tokens/);
  });

  test('the process is still healthy after all of that', async () => {
    const res = await fetch(`${stack.gw.baseUrl}/health`);
    assert.equal(res.status, 200);
  });
});

describe('gateway with no upstream', () => {
  let gw: GatewayProcess;
  before(async () => {
    const dir = tempDir();
    writeConfig(dir, basicConfig([], defaultTenants()));
    gw = await startGatewayProcess({ configDir: dir });
  });
  after(() => gw.stop());

  test('starts, says what to configure, and answers 503 in Anthropic shape', async () => {
    const r = await post(`${gw.baseUrl}/anthropic/v1/messages`, valid, { 'x-api-key': TENANT_KEY });
    assert.equal(r.status, 503);
    assert.equal(r.json.error?.type, 'api_error');
    assert.match(r.json.error!.message, /upstreams\.json/);
    const health = (await (await fetch(`${gw.baseUrl}/health`)).json()) as { status: string; hint: string };
    assert.equal(health.status, 'no_upstream');
    assert.match(gw.output(), /No upstream is configured/);
  });
});

describe('browser clients (CORS)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  test('a preflight is answered without a key and never proxied; answers carry the CORS headers', async () => {
    const before = stack.fake.received.length;
    const pre = await fetch(`${stack.gw.baseUrl}/openai/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.equal(pre.headers.get('access-control-allow-headers'), 'authorization, content-type');
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
    const res = await post(`${stack.anthropicBase}/v1/messages`, valid, { 'x-api-key': TENANT_KEY, origin: 'http://app.example' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /x-ccgate-request-id/);
    assert.equal(stack.fake.received.length, before + 1);
    const health = await fetch(`${stack.gw.baseUrl}/health`, { headers: { origin: 'http://app.example' } });
    assert.equal(health.headers.get('access-control-allow-origin'), null, 'admin-side routes are not opened to browsers');
  });
});
