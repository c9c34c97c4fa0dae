// Regression (issue 11, defect 7): no upstream can make the gateway buffer without bound. With
// small configured caps, an endless JSON body, a gzip bomb and an SSE line that never ends each
// abort the upstream request and answer 502 (before the first byte) or end the stream with a clean
// error event (after it); the gateway keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';

const CAPS = { proxy: { maxResponseBytes: '1MB', maxDecompressedBytes: '4MB', maxSseFrameBytes: '256KB' } };
const LIMIT = { timeout: 30_000 };

async function post(stack: Stack, stream: boolean): Promise<{ status: number; text: string }> {
  const res = await request(`${stack.anthropicBase}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 50, stream, messages: [{ role: 'user', content: 'Hi' }] }),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

function assert502(r: { status: number; text: string }): void {
  assert.equal(r.status, 502);
  const body = JSON.parse(r.text) as { type: string; error: { type: string; message: string } };
  assert.equal(body.error.type, 'api_error');
  assert.match(body.error.message, /size limit/);
}

describe('caps on what an upstream may send', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ server: CAPS });
  });
  after(() => stack.close());

  /** The fake's last request was aborted by the gateway (its connection closed before the end). */
  async function upstreamAborted(): Promise<void> {
    const i = stack.fake.received.length - 1;
    await stack.fake.closedPromise(i);
    assert.equal(stack.fake.received[i]!.clientClosed, true);
  }

  test('an endless JSON body → 502, upstream aborted', LIMIT, async () => {
    stack.fake.queue({ endlessBody: true });
    assert502(await post(stack, false));
    await upstreamAborted();
    assert.equal(stack.ledger().at(-1)!['error_type'], 'response_too_large');
  });

  test('a gzip bomb as a JSON answer → 502, upstream aborted', LIMIT, async () => {
    stack.fake.queue({ gzipBomb: true });
    assert502(await post(stack, false));
    await upstreamAborted();
  });

  test('an SSE line that never ends, before the first event → 502', LIMIT, async () => {
    stack.fake.queue({ endlessSseLineAfterEvents: 0 });
    assert502(await post(stack, true));
    await upstreamAborted();
  });

  test('an SSE line that never ends, mid-stream → a clean error event', LIMIT, async () => {
    stack.fake.queue({ endlessSseLineAfterEvents: 3 });
    const r = await post(stack, true);
    assert.equal(r.status, 200);
    assert.match(r.text, /^event: message_start/);
    assert.match(r.text, /event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"[^"]*size limit/);
    await upstreamAborted();
    assert.equal(stack.ledger().at(-1)!['error_type'], 'response_too_large');
  });

  test('an endless gzip stream of small events → a clean error event at the decompressed-size cap', LIMIT, async () => {
    stack.fake.queue({ gzipBomb: true });
    const res = await request(`${stack.anthropicBase}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    assert.equal(res.statusCode, 200);
    await res.body.dump({ limit: Number.MAX_SAFE_INTEGER });
    await upstreamAborted();
    assert.equal(stack.ledger().at(-1)!['error_type'], 'response_too_large');
  });

  test('an endless stream of small events ends with a clean error event at the response cap', LIMIT, async () => {
    stack.fake.queue({ endlessBody: true });
    const r = await post(stack, true);
    assert.equal(r.status, 200);
    assert.ok(r.text.length <= 1.1 * (1 << 20), `${r.text.length} bytes passed`);
    assert.match(r.text, /event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"[^"]*size limit/);
    await upstreamAborted();
    assert.equal(stack.ledger().at(-1)!['error_type'], 'response_too_large');
  });

  test('the gateway still serves after all that', async () => {
    const r = await post(stack, false);
    assert.equal(r.status, 200);
  });
});
