// Regressions (issue 11, defect 13): count_tokens and the model list are quick metadata calls. A
// mirror that hangs on count_tokens must not hold the client for the 10-minute first-byte limit of
// non-streaming messages (the limit is `timeouts.metadataMs`, short by default), and the model
// list goes through the router — failover, cooldowns — instead of walking upstreams in config order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import { ask, sdkClient, upstreamHealth, waitForState } from './failover-helpers.js';

const LIMIT = { timeout: 20_000 };

async function call(stack: Stack, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await request(`${stack.anthropicBase}${path}`, {
    method,
    headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

const modelListCalls = (stack: Stack, i: number) => stack.fakes[i]!.received.filter((r) => r.method === 'GET' && r.url.startsWith('/v1/models')).length;

describe('metadata calls', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ fakes: 2, upstream: (_f, i) => ({ priority: i, timeouts: { metadataMs: 500 } }) });
  });
  after(() => stack.close());

  test('count_tokens on a hanging mirror fails over after timeouts.metadataMs', LIMIT, async () => {
    stack.fakes[0]!.queue({ hang: true });
    const r = await call(stack, 'POST', '/v1/messages/count_tokens', { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(r.status, 200);
    assert.equal(r.json['input_tokens'], 25, 'the second upstream counted');
  });

  test('the model list skips an upstream that is cooling down', LIMIT, async () => {
    await waitForState(stack, 'up1', 'healthy');
    // A 429 with a minute's retry-after cools up1 (the preferred one) down.
    stack.fakes[0]!.queue({ status: 429, retryAfterSec: 60 });
    await ask(sdkClient(stack, TENANT_KEY));
    assert.equal((await upstreamHealth(stack, 'up1')).state, 'cooling');
    const before = modelListCalls(stack, 0);
    const r = await call(stack, 'GET', '/v1/models');
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.json['data']) && (r.json['data'] as unknown[]).length > 0);
    assert.equal(modelListCalls(stack, 0), before, 'the cooling upstream was not asked');
    assert.equal(modelListCalls(stack, 1) > 0, true);
  });
});

describe('model list failover', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ fakes: 2, upstream: (_f, i) => ({ priority: i, timeouts: { metadataMs: 500 } }) });
  });
  after(() => stack.close());

  // The old walk waited a fixed 10 s per hanging upstream; 8 s is far above metadataMs (0.5 s).
  test('a hanging first upstream costs timeouts.metadataMs, then the next one answers', { timeout: 8_000 }, async () => {
    stack.fakes[0]!.queue({ hang: true });
    const r = await call(stack, 'GET', '/v1/models');
    assert.equal(r.status, 200);
    assert.equal(modelListCalls(stack, 1), 1, 'the second upstream gave the list');
  });
});
