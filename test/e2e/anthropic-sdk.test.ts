// The official Anthropic SDK through the real gateway process to the fake upstream: create,
// stream, a tool-use round, count_tokens, models; header hygiene as the upstream sees it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { FAKE_TEXT, FAKE_TOOL_INPUT } from '../support/fake-messages.js';
import { OTHER_KEY, TENANT_KEY, startStack, type Stack } from '../support/stack.js';

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { location: { type: 'string' } }, required: ['location'] },
};

describe('Anthropic SDK through the gateway', () => {
  let stack: Stack;
  let client: Anthropic;
  before(async () => {
    stack = await startStack();
    client = new Anthropic({ apiKey: TENANT_KEY, baseURL: stack.anthropicBase, maxRetries: 0 });
  });
  after(() => stack.close());

  test('messages.create returns the upstream answer', async () => {
    const msg = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(msg.content[0]?.type, 'text');
    assert.equal((msg.content[0] as { text: string }).text, FAKE_TEXT);
    assert.equal(msg.usage.input_tokens, 25);
    assert.equal(msg.usage.cache_read_input_tokens, 200);
  });

  test('streaming with finalMessage() assembles the same text and usage', async () => {
    const stream = client.messages.stream({ model: 'claude-opus-4-8', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    const final = await stream.finalMessage();
    assert.equal((final.content[0] as { text: string }).text, FAKE_TEXT);
    assert.equal(final.usage.output_tokens, 12);
    assert.equal(final.stop_reason, 'end_turn');
  });

  test('a tool-use round trip', async () => {
    const first = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 200, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    assert.equal(first.stop_reason, 'tool_use');
    const call = first.content.find((b) => b.type === 'tool_use');
    assert.ok(call && call.type === 'tool_use');
    assert.deepEqual(call.input, FAKE_TOOL_INPUT);
    const second = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 200,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18°C, sunny' }] },
      ],
    });
    assert.equal(second.stop_reason, 'end_turn');
    const sent = JSON.parse(stack.fake.received.at(-1)!.body) as { messages: Array<{ content: unknown }> };
    assert.deepEqual(sent.messages[2]!.content, [{ type: 'tool_result', tool_use_id: call.id, content: '18°C, sunny' }]);
  });

  test('a streamed tool call re-assembles its input', async () => {
    const final = await client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 200, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather?' }] }).finalMessage();
    const call = final.content.find((b) => b.type === 'tool_use');
    assert.ok(call && call.type === 'tool_use');
    assert.deepEqual(call.input, FAKE_TOOL_INPUT);
  });

  test('count_tokens is forwarded', async () => {
    const r = await client.messages.countTokens({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(r.input_tokens, 25);
    assert.equal(stack.fake.received.at(-1)!.url, '/v1/messages/count_tokens');
  });

  test('count_tokens falls back to a marked local estimate when the mirror lacks it', async () => {
    const res = await fetch(`${stack.anthropicBase}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-fake-scenario': JSON.stringify({ noCountTokens: true }) },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'x'.repeat(400) }] }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-ccgate-token-count'), 'estimate');
    const body = (await res.json()) as { input_tokens: number };
    assert.ok(body.input_tokens >= 100 && body.input_tokens < 200, `estimate ${body.input_tokens}`);
  });

  test('models.list shows only the models the tenant may use', async () => {
    const all = [];
    for await (const m of client.models.list()) all.push(m.id);
    assert.deepEqual(all, ['claude-opus-4-8', 'claude-sonnet-4-6', 'claude-haiku-4-5']);
    const bob = new Anthropic({ apiKey: OTHER_KEY, baseURL: stack.anthropicBase, maxRetries: 0 });
    const bobs = [];
    for await (const m of bob.models.list()) bobs.push(m.id);
    assert.deepEqual(bobs, ['claude-sonnet-4-6', 'claude-haiku-4-5']);
    const one = await bob.models.retrieve('claude-haiku-4-5');
    assert.equal(one.id, 'claude-haiku-4-5');
    await assert.rejects(bob.models.retrieve('claude-opus-4-8'), (e: unknown) => e instanceof Anthropic.NotFoundError);
  });

  test('Bearer auth (ANTHROPIC_AUTH_TOKEN) works like x-api-key', async () => {
    const bearer = new Anthropic({ apiKey: null, authToken: TENANT_KEY, baseURL: stack.anthropicBase, maxRetries: 0 });
    const msg = await bearer.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal((msg.content[0] as { text: string }).text, FAKE_TEXT);
    assert.equal(stack.fake.received.at(-1)!.headers['authorization'], undefined);
  });

  test('the upstream sees its own key, never the tenant key, and client headers unchanged', async () => {
    await client.messages.create(
      { model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] },
      { headers: { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14,context-1m-2025-08-07', 'x-claude-code-session-id': 'sess-1', 'x-app': 'cli', cookie: 'a=b' }, query: { beta: 'true' } },
    );
    const rec = stack.fake.received.at(-1)!;
    assert.equal(rec.url, '/v1/messages?beta=true');
    assert.equal(rec.headers['x-api-key'], stack.fake.key);
    assert.equal(rec.headers['anthropic-version'], '2023-06-01');
    assert.equal(rec.headers['anthropic-beta'], 'interleaved-thinking-2025-05-14,context-1m-2025-08-07');
    assert.equal(rec.headers['x-claude-code-session-id'], 'sess-1');
    assert.equal(rec.headers['x-app'], 'cli');
    assert.match(String(rec.headers['user-agent']), /Anthropic/i);
    assert.ok(Object.keys(rec.headers).some((h) => h.startsWith('x-stainless-')));
    assert.equal(rec.headers['cookie'], undefined);
    assert.equal(rec.headers['accept-encoding'], 'identity');
    for (const r of stack.fake.received) {
      const all = JSON.stringify(r.headers);
      assert.ok(!all.includes(TENANT_KEY) && !all.includes(OTHER_KEY), 'tenant key leaked upstream');
    }
  });

  test('an unknown model is charged at its family fallback, flagged in the ledger and /health, never $0', async () => {
    await client.messages.create({ model: 'claude-opus-9-9', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    const row = stack.ledger().find((r) => r['model_requested'] === 'claude-opus-9-9')!;
    assert.equal(row['price_flagged'], 1);
    assert.ok(Number(row['list_cost_nano']) > 0);
    const health = (await (await fetch(`${stack.gw.baseUrl}/health`)).json()) as { unpricedModels: Array<{ model: string; requests: number }> };
    assert.deepEqual(health.unpricedModels, [{ model: 'claude-opus-9-9', requests: 1 }]);
    const { readFileSync } = await import('node:fs');
    const logged = () => readFileSync(`${stack.gw.dataDir}/logs/combined.log`, 'utf8').includes('claude-opus-9-9 has no exact price');
    for (let i = 0; i < 50 && !logged(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(logged(), 'unpriced model not logged');
  });

  test('every message request is in the ledger with its usage', async () => {
    const rows = stack.ledger().filter((r) => r['status'] === 200 && r['price_flagged'] === 0);
    assert.ok(rows.length >= 6, `rows: ${rows.length}`);
    for (const r of rows) {
      assert.equal(r['input_tokens'], 25);
      assert.equal(r['output_tokens'], 12);
      assert.equal(r['cache_read_tokens'], 200);
      assert.equal(r['cache_write_5m_tokens'], 40);
      assert.equal(r['cache_write_1h_tokens'], 60);
      assert.equal(r['upstream_id'], 'up1');
      assert.ok(Number(r['list_cost_nano']) > 0);
    }
    assert.ok(rows.some((r) => r['stream'] === 1) && rows.some((r) => r['stream'] === 0));
  });
});
