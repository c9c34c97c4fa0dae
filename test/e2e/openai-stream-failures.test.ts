// Upstream trouble on the OpenAI endpoint: every upstream rate limited or overloaded becomes the
// SDK's RateLimitError / InternalServerError (never a 200), and a stream that breaks after the
// first byte ends with an error line the SDK throws on — never a hang, never a silent [DONE].
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { FAKE_TEXT } from '../support/fake-messages.js';
import { TENANT_KEY, type Stack } from '../support/stack.js';
import { everyFake, ledgerRow, openaiClient, startOpenaiStack } from './openai-stack.js';

const hi: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hi' }];

describe('OpenAI endpoint with failing upstreams', () => {
  let stack: Stack;
  let client: OpenAI;
  before(async () => {
    stack = await startOpenaiStack({ fakes: 2, upstream: () => ({ timeouts: { idleMs: 400 } }) });
    client = openaiClient(stack);
  });
  afterEach(() => everyFake(stack, {}));
  after(() => stack.close());

  const streamText = async (req: Promise<AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>>): Promise<string> => {
    let text = '';
    for await (const c of await req) text += c.choices[0]?.delta.content ?? '';
    return text;
  };

  test('429 with retry-after on every upstream → RateLimitError with retry-after', async () => {
    everyFake(stack, { status: 429, retryAfterSec: 3 });
    const err = await client.chat.completions.create({ model: 'gpt-4o', messages: hi }).then(() => assert.fail('expected a 429'), (e: unknown) => e);
    assert.ok(err instanceof OpenAI.RateLimitError, String(err));
    assert.equal(err.status, 429);
    assert.equal(err.code, 'rate_limit_exceeded');
    assert.ok(Number(err.headers?.get('retry-after')) >= 1);
    const row = stack.ledger().at(-1)!;
    assert.equal(row['status'], 429);
    assert.equal(row['endpoint'], 'openai');
    assert.equal(row['attempts'], 2);
  });

  test('529 on every upstream → InternalServerError 503, for a stream too', async () => {
    everyFake(stack, { status: 529 });
    for (const stream of [false, true]) {
      await assert.rejects(client.chat.completions.create({ model: 'gpt-4o', messages: hi, stream }), (e: unknown) => e instanceof OpenAI.InternalServerError && e.status === 503);
    }
  });

  test('a stream cut mid-way makes the SDK throw; usage up to the cut is recorded', async () => {
    // The pause lets the first text delta reach the client before the socket is destroyed.
    everyFake(stack, { cutAfterEvents: 4, eventDelayMs: 30 });
    let seen = '';
    const started = Date.now();
    await assert.rejects(
      (async () => {
        for await (const c of await client.chat.completions.create({ model: 'gpt-4o', messages: hi, stream: true })) seen += c.choices[0]?.delta.content ?? '';
      })(),
      (e: unknown) => e instanceof OpenAI.APIError && /broke|stream_cut/.test(e.message),
    );
    assert.ok(seen.length > 0 && FAKE_TEXT.startsWith(seen), `partial text ${seen}`);
    assert.ok(Date.now() - started < 5_000, 'no hang');
    const row = stack.ledger().at(-1)!;
    assert.equal(row['error_type'], 'stream_cut');
    assert.equal(row['input_tokens'], 25);
    // The final usage never came: output is estimated from the forwarded text (UTF-8 bytes / 4).
    assert.equal(row['output_tokens'], Math.ceil(Buffer.byteLength(seen) / 4));
    assert.equal(row['usage_estimated'], 1);
    assert.equal(row['status'], 200);
  });

  test('a stalled stream ends after the idle timeout with an error line and no [DONE]', async () => {
    everyFake(stack, { stallAfterEvents: 3 });
    const res = await fetch(`${stack.gw.baseUrl}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TENANT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: hi, stream: true }),
    });
    const text = await res.text();
    assert.equal(res.status, 200);
    const lines = text.split('\n\n').filter(Boolean);
    const last = JSON.parse(lines.at(-1)!.slice('data: '.length)) as { error?: { type: string; code: string } };
    assert.equal(last.error?.type, 'server_error');
    assert.equal(last.error?.code, 'timeout_error');
    assert.doesNotMatch(text, /\[DONE\]/);
    assert.equal(ledgerRow(stack, res.headers.get('x-ccgate-request-id'))['error_type'], 'idle_timeout');
  });

  test('a client that goes away mid-stream aborts the upstream request', async () => {
    everyFake(stack, { eventDelayMs: 150 });
    const counts = stack.fakes.map((f) => f.received.length);
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: hi, stream: true }, { signal: controller.signal });
    const index = stack.fakes.findIndex((f, i) => f.received.length > counts[i]!);
    const fake = stack.fakes[index]!;
    // The SDK ends an aborted stream quietly (no throw); the point is what the upstream sees.
    for await (const c of stream) if (c.choices[0]?.delta.content) controller.abort();
    await fake.closedPromise(counts[index]!);
    assert.equal(fake.received[counts[index]!]!.clientClosed, true);
    everyFake(stack, {});
    assert.equal(await streamText(client.chat.completions.create({ model: 'gpt-4o', messages: hi, stream: true })), FAKE_TEXT);
    // The aborted request settles on its own schedule: wait for its row rather than race it.
    const deadline = Date.now() + 3_000;
    while (!stack.ledger().some((r) => r['error_type'] === 'client_aborted' && r['endpoint'] === 'openai')) {
      assert.ok(Date.now() < deadline, 'no client_aborted ledger row');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});
