// The gateway and the upstream must read the same request (issue 11 point 8): a body whose
// top-level keys the gateway acts on appear twice is refused (the gateway would check the last
// one, an upstream may read the first), and so is a body nested deeper than the limit, before it
// can block the event loop. On both endpoints; nothing of it reaches an upstream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OTHER_KEY, TENANT_KEY, startStack, type Stack } from '../support/stack.js';

async function post(stack: Stack, path: string, key: string, body: string): Promise<{ status: number; json: Record<string, unknown> & { error?: { type?: string; message: string } } }> {
  const res = await fetch(`${stack.gw.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { error?: { type?: string; message: string } } };
}

const MESSAGES = '"messages":[{"role":"user","content":"Hi"}]';

describe('parser differentials', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ server: { server: { host: '127.0.0.1', maxJsonDepth: 32 }, openai: { models: { 'gpt-4o': 'claude-sonnet-4-6' } } } });
  });
  after(() => stack.close());

  test('two "model" keys: refused with a 400 naming the key, nothing forwarded (bob may not use opus)', async () => {
    const before = stack.fake.received.length;
    for (const body of [
      `{"model":"claude-opus-4-8","max_tokens":5,${MESSAGES},"model":"claude-sonnet-4-6"}`,
      `{"model":"claude-opus-4-8","max_tokens":5,${MESSAGES},"mod\\u0065l":"claude-sonnet-4-6"}`,
      `{"model":"claude-sonnet-4-6","stream":false,"max_tokens":5,${MESSAGES},"stream":true}`,
      `{"model":"claude-sonnet-4-6","max_tokens":5,"max_tokens":64000,${MESSAGES}}`,
      `{"model":"claude-sonnet-4-6","metadata":{"user_id":"a"},"max_tokens":5,${MESSAGES},"metadata":{"user_id":"b"}}`,
    ]) {
      const r = await post(stack, '/anthropic/v1/messages', OTHER_KEY, body);
      assert.equal(r.status, 400, body);
      assert.equal(r.json['type'], 'error');
      assert.equal(r.json.error?.type, 'invalid_request_error');
      assert.match(r.json.error!.message, /duplicate/i);
    }
    assert.equal(stack.fake.received.length, before, 'nothing reached the upstream');
  });

  test('duplicates the gateway does not act on, and the watched names inside nested objects or strings, pass', async () => {
    const body = `{"model":"claude-sonnet-4-6","max_tokens":5,"messages":[{"role":"user","content":"\\"model\\": 1, \\"model\\": 2 {[\\\\"}],"tools":[{"name":"a","input_schema":{"model":1,"stream":2}}],"temperature":1,"temperature":0.5}`;
    const r = await post(stack, '/anthropic/v1/messages', TENANT_KEY, body);
    assert.equal(r.status, 200, JSON.stringify(r.json));
  });

  test('the OpenAI endpoint refuses duplicate keys too, in its own shape', async () => {
    const r = await post(stack, '/openai/v1/chat/completions', TENANT_KEY, `{"model":"gpt-4o","model":"claude-opus-4-8",${MESSAGES}}`);
    assert.equal(r.status, 400);
    assert.equal(r.json.error?.type, 'invalid_request_error');
    assert.match(r.json.error!.message, /duplicate/i);
  });

  test('nesting deeper than server.maxJsonDepth is refused before parsing; a 1 MB 500k-deep body answers at once', async () => {
    const before = stack.fake.received.length;
    const deep = (n: number) => `{"model":"claude-sonnet-4-6","max_tokens":5,${MESSAGES},"x":${'['.repeat(n)}${']'.repeat(n)}}`;
    for (const path of ['/anthropic/v1/messages', '/openai/v1/chat/completions']) {
      const r = await post(stack, path, TENANT_KEY, deep(40));
      assert.equal(r.status, 400, path);
      assert.match(r.json.error!.message, /nest/i);
    }
    const huge = await post(stack, '/anthropic/v1/messages', TENANT_KEY, deep(500_000));
    assert.equal(huge.status, 400);
    assert.equal(stack.fake.received.length, before, 'nothing reached the upstream');
    // Within the limit the same shape is fine (the fake ignores the extra field).
    assert.equal((await post(stack, '/anthropic/v1/messages', TENANT_KEY, deep(20))).status, 200);
  });
});
