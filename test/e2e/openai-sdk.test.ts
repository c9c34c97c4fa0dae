// The official `openai` SDK through the real gateway process to the fake upstream: completions,
// streams with usage, a tool-call round trip, streamed tool calls, reasoning, the model list, and
// what the upstream sees (an Anthropic request, the upstream's key, no OpenAI client headers).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type OpenAI from 'openai';
import { FAKE_TEXT, FAKE_THINKING, FAKE_TOOL_INPUT } from '../support/fake-messages.js';
import { OTHER_KEY, TENANT_KEY, type Stack } from '../support/stack.js';
import { lastUpstreamBody, openaiClient, startOpenaiStack } from './openai-stack.js';

const weatherTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } },
};

const hi: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hi' }];

/** Expected usage of every fake answer: prompt = 25 uncached + 100 cache writes + 200 cache reads. */
const FAKE_OPENAI_USAGE = { prompt_tokens: 325, completion_tokens: 12, total_tokens: 337, prompt_tokens_details: { cached_tokens: 200 } };

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

async function collect(stream: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const c of stream) chunks.push(c);
  return chunks;
}

/** Delta text of one field across a stream (`content` or the `reasoning_content` extension). */
function joined(chunks: Chunk[], field: 'content' | 'reasoning_content'): string {
  return chunks.map((c) => (c.choices[0]?.delta as Record<string, unknown> | undefined)?.[field] ?? '').join('');
}

describe('openai SDK through the gateway', () => {
  let stack: Stack;
  let client: OpenAI;
  before(async () => {
    stack = await startOpenaiStack();
    client = openaiClient(stack);
  });
  after(() => stack.close());

  test('chat.completions.create answers the fake text under the alias, with exact usage', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'gpt-4o', messages: hi }, { query: { trace: 'yes' } }).withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.match(data.id, /^chatcmpl-/);
    assert.equal(data.model, 'gpt-4o');
    assert.equal(data.choices[0]?.message.content, FAKE_TEXT);
    assert.equal(data.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(data.usage, FAKE_OPENAI_USAGE);
    assert.match(response.headers.get('x-ccgate-request-id') ?? '', /^req_/);
    const rec = stack.fake.received.at(-1)!;
    assert.equal(rec.url, '/v1/messages', 'the client query string is not forwarded');
    assert.deepEqual(JSON.parse(rec.body), { model: 'claude-sonnet-4-6', max_tokens: 8192, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
  });

  test('the upstream gets a fresh Anthropic header set with its own key', async () => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hi }, { headers: { 'x-claude-code-session-id': 'sess-9', cookie: 'a=b' } });
    const h = stack.fake.received.at(-1)!.headers;
    assert.equal(h['x-api-key'], stack.fake.key);
    assert.equal(h['authorization'], undefined);
    assert.equal(h['anthropic-version'], '2023-06-01');
    assert.equal(h['content-type'], 'application/json');
    assert.match(String(h['user-agent']), /OpenAI/i);
    assert.equal(h['accept-encoding'], 'identity');
    for (const name of Object.keys(h)) assert.ok(!name.startsWith('x-stainless-') && name !== 'cookie' && name !== 'x-claude-code-session-id', `${name} forwarded`);
    assert.ok(!JSON.stringify(h).includes(TENANT_KEY));
  });

  test('a stream with include_usage re-assembles the non-streaming answer with exact usage', async () => {
    const plain = await client.chat.completions.create({ model: 'gpt-4o', messages: hi });
    const chunks = await collect(await client.chat.completions.create({ model: 'gpt-4o', messages: hi, stream: true, stream_options: { include_usage: true } }));
    assert.equal(joined(chunks, 'content'), plain.choices[0]?.message.content);
    assert.deepEqual(chunks[0]?.choices[0]?.delta, { role: 'assistant', content: '' });
    assert.equal(new Set(chunks.map((c) => c.id)).size, 1, 'one id per stream');
    assert.ok(chunks.every((c) => c.model === 'gpt-4o' && c.object === 'chat.completion.chunk'));
    assert.equal(chunks.filter((c) => c.choices[0]?.finish_reason === 'stop').length, 1);
    const last = chunks.at(-1)!;
    assert.deepEqual(last.choices, []);
    assert.deepEqual(last.usage, FAKE_OPENAI_USAGE);
    assert.ok(chunks.slice(0, -1).every((c) => c.usage === null));
  });

  test('the raw stream is data lines ending in exactly one [DONE]', async () => {
    const res = await fetch(`${stack.gw.baseUrl}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TENANT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: hi, stream: true }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const text = await res.text();
    assert.equal(text.split('data: [DONE]').length - 1, 1);
    assert.ok(text.endsWith('data: [DONE]\n\n'));
    assert.ok(text.split('\n\n').filter(Boolean).every((line) => line.startsWith('data: ')));
    assert.doesNotMatch(text, /"usage"/, 'no usage chunk unless asked');
  });

  test('a full tool-call round trip; tool results reach the upstream as tool_result blocks', async () => {
    const first = await client.chat.completions.create({ model: 'gpt-4o', tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    const message = first.choices[0]!.message;
    assert.equal(first.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(message.content, 'Let me check.');
    const call = message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), FAKE_TOOL_INPUT);
    const second = await client.chat.completions.create({
      model: 'gpt-4o',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        message,
        { role: 'tool', tool_call_id: call.id, content: '18°C, sunny' },
        { role: 'user', content: 'Thanks!' },
      ],
    });
    assert.equal(second.choices[0]?.finish_reason, 'stop');
    assert.equal(second.choices[0]?.message.content, FAKE_TEXT);
    const sent = lastUpstreamBody(stack);
    assert.deepEqual(sent['messages'], [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: call.id, name: 'get_weather', input: FAKE_TOOL_INPUT }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18°C, sunny' }, { type: 'text', text: 'Thanks!' }] },
    ]);
    assert.deepEqual(sent['tools'], [{ name: 'get_weather', description: 'Weather for a city', input_schema: weatherTool.function.parameters }]);
  });

  test('a streamed tool call re-assembles its argument fragments into valid JSON', async () => {
    const chunks = await collect(await client.chat.completions.create({ model: 'gpt-4o', tools: [weatherTool], tool_choice: 'required', messages: [{ role: 'user', content: 'Weather?' }], stream: true }));
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    assert.ok(calls.length >= 2, 'the call arrives in fragments');
    assert.ok(calls.every((c) => c.index === 0));
    assert.equal(calls[0]?.id, 'toolu_fake_01');
    assert.equal(calls[0]?.function?.name, 'get_weather');
    assert.deepEqual(JSON.parse(calls.map((c) => c.function?.arguments ?? '').join('')), FAKE_TOOL_INPUT);
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'tool_calls');
    assert.deepEqual(lastUpstreamBody(stack)['tool_choice'], { type: 'any' });
  });

  test('reasoning_effort asks for adaptive thinking; the thinking comes back as reasoning_content', async () => {
    const r = await client.chat.completions.create({ model: 'o3', reasoning_effort: 'high', messages: hi });
    const message = r.choices[0]!.message as OpenAI.Chat.Completions.ChatCompletionMessage & { reasoning_content?: string };
    assert.equal(message.reasoning_content, FAKE_THINKING);
    assert.equal(message.content, FAKE_TEXT);
    const sent = lastUpstreamBody(stack);
    assert.equal(sent['model'], 'claude-opus-4-8');
    assert.deepEqual(sent['thinking'], { type: 'adaptive' });
    assert.deepEqual(sent['output_config'], { effort: 'high' });
    const chunks = await collect(await client.chat.completions.create({ model: 'o3', reasoning_effort: 'low', messages: hi, stream: true }));
    assert.equal(joined(chunks, 'reasoning_content'), FAKE_THINKING);
    assert.equal(joined(chunks, 'content'), FAKE_TEXT);
  });

  test('ignored fields are named in x-ccgate-warnings, values never', async () => {
    const { response } = await client.chat.completions.create({ model: 'gpt-4o', messages: hi, seed: 424242, frequency_penalty: 0.5 }).withResponse();
    assert.deepEqual(response.headers.get('x-ccgate-warnings')?.split(',').sort(), ['frequency_penalty', 'seed']);
    const clean = await client.chat.completions.create({ model: 'gpt-4o', messages: hi }).withResponse();
    assert.equal(clean.response.headers.get('x-ccgate-warnings'), null);
  });

  test('`user` becomes metadata.user_id upstream', async () => {
    await client.chat.completions.create({ model: 'gpt-4o', messages: hi, user: 'end-user-7' });
    assert.deepEqual(lastUpstreamBody(stack)['metadata'], { user_id: 'end-user-7' });
  });

  test('models.list(): aliases the tenant may use first, then its Claude models', async () => {
    const ids = async (c: OpenAI): Promise<string[]> => {
      const out: string[] = [];
      for await (const m of c.models.list()) out.push(m.id);
      return out;
    };
    assert.deepEqual(await ids(client), ['gpt-4o', 'gpt-4o-mini', 'o3', 'claude-opus-4-8', 'claude-sonnet-4-6', 'claude-haiku-4-5']);
    assert.deepEqual(await ids(openaiClient(stack, OTHER_KEY)), ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-6', 'claude-haiku-4-5']);
    const page = await client.models.list();
    assert.ok(page.data.every((m) => m.object === 'model' && typeof m.created === 'number'));
    assert.equal(page.data.find((m) => m.id === 'gpt-4o')?.owned_by, 'ccgate');
  });

  test('x-api-key works like Bearer; a gzipped upstream answer is inflated', async () => {
    stack.fake.queue({ gzip: true }, { gzip: true });
    const post = (stream: boolean) =>
      fetch(`${stack.gw.baseUrl}/openai/v1/chat/completions`, {
        method: 'POST',
        headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', messages: hi, stream }),
      });
    const json = (await (await post(false)).json()) as OpenAI.Chat.Completions.ChatCompletion;
    assert.equal(json.choices[0]?.message.content, FAKE_TEXT);
    const text = await (await post(true)).text();
    const deltas = text.split('\n\n').filter((l) => l.startsWith('data: {')).map((l) => (JSON.parse(l.slice(6)) as Chunk).choices[0]?.delta.content ?? '');
    assert.equal(deltas.join(''), FAKE_TEXT);
    assert.ok(text.endsWith('data: [DONE]\n\n'));
  });
});
