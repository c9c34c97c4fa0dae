// After the first byte nothing is retried: a cut or stalled upstream stream ends with an Anthropic
// `error` event (never a hang), usage seen so far is recorded, and a client that goes away aborts
// the upstream request at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { request } from 'undici';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';

describe('broken streams', () => {
  let stack: Stack;
  let client: Anthropic;
  before(async () => {
    stack = await startStack({ upstream: () => ({ timeouts: { idleMs: 400 } }) });
    client = new Anthropic({ apiKey: TENANT_KEY, baseURL: stack.anthropicBase, maxRetries: 0 });
  });
  after(() => stack.close());

  const ask = () => client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }).finalMessage();

  test('a stream cut mid-way ends with an error event; usage up to the cut is recorded', async () => {
    stack.fake.queue({ cutAfterEvents: 4 });
    await assert.rejects(ask(), (e: unknown) => e instanceof Anthropic.APIError && /api_error|broke/.test(String((e as Error).message)));
    const row = stack.ledger().at(-1)!;
    assert.equal(row['error_type'], 'stream_cut');
    assert.equal(row['input_tokens'], 25); // from message_start
    // message_start said 1; the one text delta forwarded ("Hello from t", 12 bytes) is estimated at 3.
    assert.equal(row['output_tokens'], 3);
    assert.equal(row['usage_estimated'], 1);
    assert.equal(row['status'], 200);
  });

  test('a stream that stalls ends with a timeout error event after the idle timeout', async () => {
    stack.fake.queue({ stallAfterEvents: 3 });
    const raw = await request(`${stack.anthropicBase}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    const text = await raw.body.text();
    assert.match(text, /event: message_start/);
    assert.match(text, /event: error\ndata: \{"type":"error","error":\{"type":"timeout_error"/);
    assert.doesNotMatch(text, /message_stop/);
    assert.equal(stack.ledger().at(-1)!['error_type'], 'idle_timeout');
  });

  test('an upstream that ends the stream early without message_stop is reported, not hidden', async () => {
    stack.fake.queue({ endAfterEvents: 5 });
    await assert.rejects(ask(), (e: unknown) => e instanceof Anthropic.APIError);
    assert.equal(stack.ledger().at(-1)!['error_type'], 'stream_cut');
  });

  test('a non-streaming answer that breaks off becomes a clean 502, not truncated JSON', async () => {
    stack.fake.queue({ cutJsonAfterBytes: 40 });
    await assert.rejects(
      client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }),
      (e: unknown) => e instanceof Anthropic.APIError && e.status === 502 && /broke off/.test(e.message),
    );
    assert.equal(stack.ledger().at(-1)!['error_type'], 'stream_cut');
  });

  test('a client that disconnects mid-stream aborts the upstream request', async () => {
    stack.fake.queue({ eventDelayMs: 200 });
    const index = stack.fake.received.length;
    const controller = new AbortController();
    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }, { signal: controller.signal });
    await new Promise((r) => stream.once('text', r));
    controller.abort();
    await stream.finalMessage().catch(() => undefined);
    await stack.fake.closedPromise(index);
    assert.equal(stack.fake.received[index]!.clientClosed, true);
    // The gateway stays healthy and records the aborted request.
    const ok = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 5, messages: [{ role: 'user', content: 'again' }] });
    assert.equal(ok.type, 'message');
    assert.ok(stack.ledger().some((r) => r['error_type'] === 'client_aborted'));
  });
});
