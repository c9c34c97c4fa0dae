// Accounting parity: a request on the OpenAI endpoint is recorded and priced exactly like the same
// request on the Claude endpoint (same tokens, same cost); only the endpoint and the name the
// client asked for differ. The default-model rule is visible in the answer, header and ledger.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type OpenAI from 'openai';
import { TENANT_KEY, type Stack } from '../support/stack.js';
import { ledgerRow, openaiClient, startOpenaiStack } from './openai-stack.js';

const SAME = ['status', 'error_type', 'stream', 'model_served', 'upstream_id', 'input_tokens', 'output_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_read_tokens', 'list_cost_nano', 'charged_cost_nano', 'upstream_cost_nano', 'price_flagged'];

const pick = (row: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(SAME.map((k) => [k, row[k]]));

/** The same question on the Claude endpoint; returns the gateway's request id. */
async function askClaude(stack: Stack, stream: boolean): Promise<string | null> {
  const res = await fetch(`${stack.gw.baseUrl}/anthropic/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 8192, stream, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] }),
  });
  assert.equal(res.status, 200);
  await res.text();
  return res.headers.get('x-ccgate-request-id');
}

const hi: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hi' }];

/** The question on the OpenAI endpoint, read to the end; returns the gateway's request id. */
async function askOpenai(client: OpenAI, stream: boolean): Promise<string | null> {
  if (!stream) return (await client.chat.completions.create({ model: 'gpt-4o', messages: hi }).withResponse()).response.headers.get('x-ccgate-request-id');
  const { data, response } = await client.chat.completions.create({ model: 'gpt-4o', messages: hi, stream, stream_options: { include_usage: true } }).withResponse();
  let usageChunks = 0;
  for await (const c of data) if (c.usage) usageChunks++;
  assert.equal(usageChunks, 1);
  return response.headers.get('x-ccgate-request-id');
}

describe('OpenAI endpoint accounting', () => {
  let stack: Stack;
  let client: OpenAI;
  before(async () => {
    stack = await startOpenaiStack({ openai: { defaultModel: 'claude-haiku-4-5' } });
    client = openaiClient(stack);
  });
  after(() => stack.close());

  for (const stream of [false, true]) {
    test(`${stream ? 'streamed' : 'plain'}: same tokens and cost as the Claude endpoint`, async () => {
      const claude = ledgerRow(stack, await askClaude(stack, stream));
      const openai = ledgerRow(stack, await askOpenai(client, stream));
      assert.deepEqual(pick(openai), pick(claude));
      assert.ok(Number(openai['list_cost_nano']) > 0);
      assert.equal(openai['endpoint'], 'openai');
      assert.equal(claude['endpoint'], 'anthropic');
      assert.equal(openai['model_requested'], 'gpt-4o');
      assert.equal(openai['model_served'], 'claude-sonnet-4-6');
      assert.equal(openai['tenant_id'], 'alice');
    });
  }

  test('an unknown model falls back to the default, says so in x-ccgate-warnings, and is recorded', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'gpt-5', messages: hi }).withResponse();
    assert.equal(data.model, 'gpt-5');
    assert.equal(response.headers.get('x-ccgate-warnings'), 'model');
    assert.equal(JSON.parse(stack.fake.received.at(-1)!.body).model, 'claude-haiku-4-5');
    const row = ledgerRow(stack, response.headers.get('x-ccgate-request-id'));
    assert.equal(row['model_requested'], 'gpt-5');
    assert.equal(row['model_served'], 'claude-haiku-4-5');
    assert.ok(Number(row['list_cost_nano']) > 0);
  });
});
