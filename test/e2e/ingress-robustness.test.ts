// Every request gets an answer or a clean close in bounded time, whatever the client sends or
// withholds: a malformed path escape, a body that never comes, more connections than anyone needs.
// Regression tests for issue 11 points 1 and 2, driven over raw sockets.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import { openIdleSockets, rawExchange } from '../support/raw-http.js';

const BODY_TIMEOUT_MS = 400;
const MESSAGE = JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] });

/** In-flight requests by /health (the /health request itself counts as one). */
async function inFlightSettlesToOne(stack: Stack): Promise<void> {
  let last = -1;
  for (let i = 0; i < 40; i++) {
    last = ((await (await fetch(`${stack.gw.baseUrl}/health`)).json()) as { inFlight: number }).inFlight;
    if (last === 1) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`in-flight stays at ${last}, expected 1 (the /health request)`);
}

function head(method: string, path: string, headers: Record<string, string | number>): string {
  return `${method} ${path} HTTP/1.1\r\nhost: gw\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

describe('ingress: every request is answered', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ server: { server: { host: '127.0.0.1', bodyTimeoutMs: BODY_TIMEOUT_MS } } });
  });
  after(() => stack.close());

  test('a malformed percent-escape in the path gets an Anthropic error, no hang, no in-flight leak', async () => {
    for (const path of ['/anthropic/v1/models/%ZZ', '/anthropic/v1/models/%', '/anthropic/v1/models/%E0%A4%A']) {
      const r = await rawExchange(stack.gw.port, [head('GET', path, { 'x-api-key': TENANT_KEY })], 3_000, { closeAfterResponse: true });
      assert.ok(r.status === 400 || r.status === 404, `${path}: status ${r.status}`);
      const body = JSON.parse(r.body) as { type: string; error: { type: string } };
      assert.equal(body.type, 'error', path);
    }
    await inFlightSettlesToOne(stack);
    assert.doesNotMatch(stack.gw.output(), /uncaught exception/i);
  });

  test('a declared body that never comes: 408 in Anthropic shape and the connection closed', async () => {
    const r = await rawExchange(stack.gw.port, [head('POST', '/anthropic/v1/messages', { 'x-api-key': TENANT_KEY, 'content-type': 'application/json', 'content-length': 100 }), '{"model":'], 5_000);
    assert.equal(r.status, 408);
    assert.equal((JSON.parse(r.body) as { type: string }).type, 'error');
    assert.ok(r.closed, 'connection closed by the gateway');
    await inFlightSettlesToOne(stack);
  });

  test('the same on the OpenAI endpoint: 408 in OpenAI shape', async () => {
    const r = await rawExchange(stack.gw.port, [head('POST', '/openai/v1/chat/completions', { authorization: `Bearer ${TENANT_KEY}`, 'content-type': 'application/json', 'content-length': 100 })], 5_000);
    assert.equal(r.status, 408);
    const body = JSON.parse(r.body) as { error: { message: string; type: string } };
    assert.equal(typeof body.error.message, 'string');
    assert.ok(r.closed, 'connection closed by the gateway');
  });

  test('small-body routes (sign-ins, legacy usage) keep the configured idle limit, not a built-in 30 s', async () => {
    for (const path of ['/dashboard/api/login', '/admin/api/login', '/usage']) {
      const r = await rawExchange(stack.gw.port, [head('POST', path, { origin: 'http://gw', 'content-type': 'application/json', 'content-length': 100 }), '{"kind":'], 5_000);
      assert.equal(r.status, 408, path);
      assert.ok(r.closed, `${path}: connection closed by the gateway`);
    }
    await inFlightSettlesToOne(stack);
  });

  test('a body that trickles in within the idle limit is read and answered', async () => {
    const half = Math.floor(MESSAGE.length / 2);
    const r = await rawExchange(
      stack.gw.port,
      [head('POST', '/anthropic/v1/messages', { 'x-api-key': TENANT_KEY, 'content-type': 'application/json', 'content-length': Buffer.byteLength(MESSAGE) }), MESSAGE.slice(0, half), BODY_TIMEOUT_MS / 2, MESSAGE.slice(half, half + 5), BODY_TIMEOUT_MS / 2, MESSAGE.slice(half + 5)],
      5_000,
      { closeAfterResponse: true },
    );
    assert.equal(r.status, 200);
  });

  test('routes that never read the body (no key, /health) answer, then close the idle connection', async () => {
    for (const [method, path, status] of [['POST', '/anthropic/v1/messages', 401], ['GET', '/health', 200], ['POST', '/nowhere', 404]] as const) {
      const r = await rawExchange(stack.gw.port, [head(method, path, { 'content-length': 100 })], 5_000);
      assert.equal(r.status, status, path);
      assert.ok(r.closed, `${path}: connection closed by the gateway`);
    }
    await inFlightSettlesToOne(stack);
  });

  test('a long streamed answer outlives the body timeout', async () => {
    const res = await fetch(`${stack.anthropicBase}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json', 'x-fake-scenario': JSON.stringify({ eventDelayMs: 120 }) },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 20, stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    const started = Date.now();
    const text = await res.text();
    assert.ok(Date.now() - started > BODY_TIMEOUT_MS, 'the stream took longer than the body timeout');
    assert.match(text, /event: message_stop/);
  });
});

describe('ingress: connections per client address are capped', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ server: { server: { host: '127.0.0.1', maxConnectionsPerClient: 6 } } });
  });
  after(() => stack.close());

  test('past the cap a connection is refused with a 429 and closed; closing others frees room', async () => {
    const idle = await openIdleSockets(stack.gw.port, 6);
    const refused = await rawExchange(stack.gw.port, [head('GET', '/health', {})], 3_000);
    assert.equal(refused.status, 429);
    assert.ok(refused.closed, 'refused connection closed');
    for (const s of idle) s.destroy();
    let status: number | undefined;
    for (let i = 0; i < 40 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await rawExchange(stack.gw.port, [head('GET', '/health', {})], 3_000, { closeAfterResponse: true })).status;
    }
    assert.equal(status, 200);
  });
});
