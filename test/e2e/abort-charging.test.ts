// Regression (issue 11, defect 3): a stream the tenant reads almost whole and then drops, or that
// the upstream cuts, is charged for the output actually forwarded — estimated from the text,
// thinking and tool-input deltas (UTF-8 bytes / 4), never less than the upstream reported — and the
// ledger row says the usage is estimated. A completed stream keeps the upstream's exact usage.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import { waitFor } from './failover-helpers.js';
import { ALIASES } from './openai-stack.js';

/** 400 text deltas of 20 characters: 8,000 characters, about 2,000 tokens. */
const LONG = { deltas: 400, eventDelayMs: 2 };
/** Characters the client reads before it hangs up. */
const READ_CHARS = 6_000;

async function rowOf(stack: Stack, requestId: string): Promise<Record<string, unknown>> {
  let row: Record<string, unknown> | undefined;
  await waitFor(() => (row = stack.ledger().find((r) => r['request_id'] === requestId)) !== undefined, `ledger row of ${requestId}`);
  return row!;
}

describe('aborted and cut streams are charged for what was forwarded', () => {
  let stack: Stack;
  let client: Anthropic;
  before(async () => {
    stack = await startStack({ server: { openai: { models: ALIASES } } });
    client = new Anthropic({ apiKey: TENANT_KEY, baseURL: stack.anthropicBase, maxRetries: 0 });
  });
  after(() => stack.close());

  test('a client that reads 6,000 characters and hangs up is charged about 1,500 output tokens, marked estimated', async () => {
    stack.fake.queue(LONG);
    const controller = new AbortController();
    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 4000, messages: [{ role: 'user', content: 'Tell me a story' }] }, { signal: controller.signal });
    const { response } = await stream.withResponse();
    const requestId = response.headers.get('x-ccgate-request-id')!;
    let read = 0;
    stream.on('text', (t) => {
      read += t.length;
      if (read >= READ_CHARS) controller.abort();
    });
    await stream.finalMessage().catch(() => undefined);
    assert.ok(read >= READ_CHARS);
    const row = await rowOf(stack, requestId);
    assert.equal(row['error_type'], 'client_aborted');
    assert.equal(row['input_tokens'], 25, 'input and cache counts still come from message_start');
    const output = Number(row['output_tokens']);
    assert.ok(output >= Math.floor(READ_CHARS / 4), `charged ${output} output tokens for ${read} characters read`);
    assert.ok(output <= Math.ceil(8_000 / 4) + 10, `never more than the whole answer: ${output}`);
    assert.equal(Number(row['usage_estimated']), 1);
    assert.ok(Number(row['charged_cost_nano']) > 15_000 * 1_000, 'the output is priced');
  });

  test('an upstream that cuts the stream mid-way: the deltas forwarded are charged, marked estimated', async () => {
    stack.fake.queue({ deltas: 400, cutAfterEvents: 300 });
    let received = 0;
    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 4000, messages: [{ role: 'user', content: 'Hi' }] });
    stream.on('text', (t) => (received += t.length));
    await assert.rejects(stream.finalMessage());
    const row = stack.ledger().at(-1)!;
    assert.equal(row['error_type'], 'stream_cut');
    // Everything the client got (up to 297 text deltas of 20 ASCII characters; a socket destroyed
    // by the fake may drop its last writes) at 4 bytes per token.
    assert.ok(received > 1_000, `received ${received}`);
    const expected = Math.ceil(received / 4);
    assert.ok(Math.abs(Number(row['output_tokens']) - expected) <= 2, `output ${String(row['output_tokens'])} ≈ ${expected}`);
    assert.equal(Number(row['usage_estimated']), 1);
  });

  test('a complete stream keeps the upstream usage exactly and is not marked estimated', async () => {
    stack.fake.queue({ deltas: 50 });
    const { response, data } = await client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 4000, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    await data.finalMessage();
    const row = await rowOf(stack, response.headers.get('x-ccgate-request-id')!);
    assert.equal(row['output_tokens'], 12);
    assert.equal(Number(row['usage_estimated']), 0);
  });

  test('the OpenAI endpoint: a client that hangs up mid-stream is charged for the forwarded text, marked estimated', async () => {
    stack.fake.queue(LONG);
    const openai = new OpenAI({ apiKey: TENANT_KEY, baseURL: `${stack.gw.baseUrl}/openai/v1`, maxRetries: 0 });
    const { data: chunks, response } = await openai.chat.completions.create({ model: 'gpt-4o', stream: true, max_tokens: 4000, messages: [{ role: 'user', content: 'Tell me a story' }] }).withResponse();
    const requestId = response.headers.get('x-ccgate-request-id')!;
    let read = 0;
    for await (const c of chunks) {
      read += c.choices[0]?.delta.content?.length ?? 0;
      if (read >= READ_CHARS) break; // leaving the loop aborts the HTTP request
    }
    const row = await rowOf(stack, requestId);
    assert.equal(row['error_type'], 'client_aborted');
    assert.ok(Number(row['output_tokens']) >= Math.floor(READ_CHARS / 4), `charged ${String(row['output_tokens'])} output tokens`);
    assert.equal(Number(row['usage_estimated']), 1);
  });
});
