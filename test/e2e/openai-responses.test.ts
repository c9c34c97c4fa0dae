// POST /openai/v1/responses through the real gateway with the official `openai` SDK's
// `client.responses.create` and `.stream`: a plain answer with exact usage and its ledger row, a
// stream whose every item is closed, Codex's recorded tool loop (the upstream gets exactly the
// golden Anthropic request; calls come back with their namespaces), warnings for dropped hosted
// tools, a cut stream ending in response.failed and charged, and errors in OpenAI's shape.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { FAKE_TEXT } from '../support/fake-messages.js';
import { OTHER_KEY, type Stack } from '../support/stack.js';
import { ALIASES, everyFake, lastUpstreamBody, ledgerRow, openaiClient, startOpenaiStack } from './openai-stack.js';

// Tests run from dist/test/e2e/; fixtures stay in the source tree.
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/responses/', import.meta.url));
const fixture = (name: string, file: string): string => `${FIXTURES}${name}/${file}`;
const fixtureJson = <T>(name: string, file: string): T => JSON.parse(readFileSync(fixture(name, file), 'utf8')) as T;

type Event = OpenAI.Responses.ResponseStreamEvent;
type ApiError = InstanceType<typeof OpenAI.APIError>;

async function rejectsWith(p: Promise<unknown>, cls: abstract new (...args: never[]) => ApiError, status: number): Promise<ApiError> {
  const err = await p.then(
    () => assert.fail('expected an error'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
  assert.equal(err.status, status);
  assert.equal(typeof (err.error as { message?: unknown }).message, 'string');
  return err;
}

/** What every stream must satisfy: created first, one terminal event last, every added item done. */
function assertWellFormed(events: Event[]): void {
  assert.equal(events[0]?.type, 'response.created');
  assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
  const terminal = events.filter((e) => e.type === 'response.completed' || e.type === 'response.failed' || e.type === 'response.incomplete');
  assert.equal(terminal.length, 1);
  assert.equal(terminal[0], events.at(-1));
  if (terminal[0]!.type === 'response.completed') {
    const added = events.filter((e) => e.type === 'response.output_item.added').length;
    assert.equal(events.filter((e) => e.type === 'response.output_item.done').length, added, 'every item is closed (Codex needs it)');
  }
}

/** Function-call items without their random ids. */
function calls(output: readonly unknown[]): unknown[] {
  return output.filter((i): i is Record<string, unknown> => (i as { type?: string }).type === 'function_call').map(({ id: _id, ...rest }) => rest);
}

describe('Responses API through the gateway', () => {
  let stack: Stack;
  let client: OpenAI;
  before(async () => {
    stack = await startOpenaiStack({ openai: { models: { ...ALIASES, 'gpt-5': 'claude-opus-4-8' } } });
    client = openaiClient(stack);
  });
  after(() => stack.close());

  test('responses.create: the fake text under the alias, exact usage, a ledger row for endpoint "openai-responses"', async () => {
    const { data, response } = await client.responses.create({ model: 'gpt-4o', input: 'Hi' }).withResponse();
    assert.equal(data.object, 'response');
    assert.match(data.id, /^resp_/);
    assert.equal(data.status, 'completed');
    assert.equal(data.model, 'gpt-4o');
    assert.equal(data.output_text, FAKE_TEXT);
    // 25 uncached + 100 cache writes + 200 cache reads in, 12 out (the fake's usage).
    assert.equal(data.usage?.input_tokens, 325);
    assert.equal(data.usage?.input_tokens_details.cached_tokens, 200);
    assert.equal(data.usage?.output_tokens, 12);
    const sent = lastUpstreamBody(stack);
    assert.equal(sent['model'], 'claude-sonnet-4-6');
    assert.equal(sent['max_tokens'], 32000, 'no max_output_tokens: openai.defaultMaxOutputTokens');
    const row = ledgerRow(stack, response.headers.get('x-ccgate-request-id'));
    assert.equal(row['endpoint'], 'openai-responses');
    assert.equal(row['model_requested'], 'gpt-4o');
    assert.equal(row['status'], 200);
    assert.equal(row['input_tokens'], 25);
    assert.equal(row['cache_read_tokens'], 200);
    assert.equal(row['output_tokens'], 12);
  });

  test('max_output_tokens, instructions and prompt_cache_key reach the upstream as max_tokens, system and cache breakpoints', async () => {
    await client.responses.create({ model: 'gpt-4o', input: 'Hi', instructions: 'Be brief.', max_output_tokens: 777, prompt_cache_key: 'conv-1' });
    const sent = lastUpstreamBody(stack);
    assert.equal(sent['max_tokens'], 777);
    assert.match(JSON.stringify(sent['system']), /Be brief\./);
    assert.match(JSON.stringify(sent), /"cache_control"/, 'a cache key places cache breakpoints');
  });

  test('images by URL and base64 and a PDF reach the upstream as image and document blocks', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
    const pdf = Buffer.from('%PDF-1.4 fake').toString('base64');
    const { data } = await client.responses
      .create({
        model: 'gpt-4o',
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'What is in these?' },
              { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'auto' },
              { type: 'input_image', image_url: `data:image/png;base64,${png}`, detail: 'auto' },
              { type: 'input_file', filename: 'a.pdf', file_data: `data:application/pdf;base64,${pdf}` },
            ],
          },
        ],
      })
      .withResponse();
    assert.equal(data.status, 'completed');
    const messages = lastUpstreamBody(stack)['messages'] as Array<{ role: string; content: Array<{ type: string; source?: Record<string, unknown> }> }>;
    const blocks = messages.at(-1)!.content;
    assert.deepEqual(blocks.map((b) => b.type), ['text', 'image', 'image', 'document']);
    assert.deepEqual(blocks[1]!.source, { type: 'url', url: 'https://example.com/cat.png' });
    assert.deepEqual(blocks[2]!.source, { type: 'base64', media_type: 'image/png', data: png });
    assert.deepEqual(blocks[3]!.source, { type: 'base64', media_type: 'application/pdf', data: pdf });
  });

  test('structured output: text.format json_schema becomes output_config.format; the JSON answer parses', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    everyFake(stack, { text: '{"city":"Paris"}' });
    try {
      const r = await client.responses.create({ model: 'gpt-4o', input: 'Capital of France?', text: { format: { type: 'json_schema', name: 'answer', schema, strict: true } } });
      assert.deepEqual(JSON.parse(r.output_text), { city: 'Paris' });
      assert.deepEqual((lastUpstreamBody(stack)['output_config'] as { format?: unknown }).format, { type: 'json_schema', schema });
    } finally {
      everyFake(stack, {});
    }
  });

  test('responses.stream: created first, text deltas, every item done, completed last; the row is a stream', async () => {
    const stream = client.responses.stream({ model: 'gpt-4o', input: 'Hi' });
    const events: Event[] = [];
    for await (const e of stream) events.push(e);
    assertWellFormed(events);
    assert.equal(events.at(-1)?.type, 'response.completed');
    const text = events.filter((e): e is OpenAI.Responses.ResponseTextDeltaEvent => e.type === 'response.output_text.delta').map((e) => e.delta).join('');
    assert.equal(text, FAKE_TEXT);
    const final = await stream.finalResponse();
    assert.equal(final.output_text, FAKE_TEXT);
    const row = stack.ledger().at(-1)!;
    assert.equal(row['endpoint'], 'openai-responses');
    assert.equal(row['stream'], 1);
    assert.equal(row['output_tokens'], 12);
  });

  test("Codex's recorded tool loop: the upstream gets exactly the golden Anthropic request; both calls come back, one namespaced", async () => {
    everyFake(stack, { fixture: fixture('codex-tool-loop', 'anthropic-stream.sse') });
    try {
      const request = fixtureJson<OpenAI.Responses.ResponseCreateParamsStreaming>('codex-tool-loop', 'request.json');
      const events: Event[] = [];
      for await (const e of await client.responses.create(request)) events.push(e);
      assertWellFormed(events);
      assert.deepEqual(lastUpstreamBody(stack), fixtureJson('codex-tool-loop', 'anthropic-request.json'));
      const golden = fixtureJson<Array<{ event: string; data: { response?: { output: unknown[] } } }>>('codex-tool-loop', 'responses-events.json');
      const expected = golden.find((e) => e.event === 'response.completed')!.data.response!.output;
      const got = (events.at(-1) as OpenAI.Responses.ResponseCompletedEvent).response.output;
      assert.deepEqual(calls(got), calls(expected));
      assert.ok(calls(got).some((c) => (c as { namespace?: string }).namespace === 'multi_agent_v1'), 'a namespaced call maps back');
    } finally {
      everyFake(stack, {});
    }
  });

  test('hosted tools without a Claude equivalent are dropped, named in x-ccgate-warnings, never a failure', async () => {
    const { data, response } = await client.responses
      .create({ model: 'gpt-4o', input: 'Hi', tools: [{ type: 'code_interpreter', container: { type: 'auto' } }] })
      .withResponse();
    assert.equal(data.status, 'completed');
    assert.match(response.headers.get('x-ccgate-warnings') ?? '', /code_interpreter/);
    assert.equal(lastUpstreamBody(stack)['tools'], undefined);
  });

  test('a stream cut mid-way ends with response.failed and is charged for what was forwarded', async () => {
    everyFake(stack, { cutAfterEvents: 5 });
    try {
      const events: Event[] = [];
      for await (const e of await client.responses.create({ model: 'gpt-4o', input: 'Hi', stream: true })) events.push(e);
      assertWellFormed(events);
      assert.equal(events.at(-1)?.type, 'response.failed');
      const row = stack.ledger().at(-1)!;
      assert.equal(row['endpoint'], 'openai-responses');
      assert.equal(row['error_type'], 'stream_cut');
      assert.ok(Number(row['output_tokens']) >= 1);
    } finally {
      everyFake(stack, {});
    }
  });

  test('errors in OpenAI shape: bad key 401, model outside the allow-list 403, previous_response_id 400, every upstream overloaded 503', async () => {
    await rejectsWith(openaiClient(stack, 'ccg-not-a-real-key-xxxx').responses.create({ model: 'gpt-4o', input: 'Hi' }), OpenAI.AuthenticationError, 401);
    await rejectsWith(openaiClient(stack, OTHER_KEY).responses.create({ model: 'gpt-5', input: 'Hi' }), OpenAI.PermissionDeniedError, 403);
    const before = stack.fake.received.length;
    const stored = await rejectsWith(client.responses.create({ model: 'gpt-4o', input: 'Hi', previous_response_id: 'resp_123' }), OpenAI.BadRequestError, 400);
    assert.match(stored.message, /previous_response_id/);
    assert.equal(stack.fake.received.length, before, 'nothing proxied');
    everyFake(stack, { status: 529 });
    try {
      // As on the chat endpoint: each 529 sends the request to the next upstream; none left → 503.
      await rejectsWith(client.responses.create({ model: 'gpt-4o', input: 'Hi' }), OpenAI.InternalServerError, 503);
      await rejectsWith(client.responses.create({ model: 'gpt-4o', input: 'Hi', stream: true }), OpenAI.InternalServerError, 503);
    } finally {
      everyFake(stack, {});
    }
  });
});

describe('Responses API switched off with the OpenAI endpoint', () => {
  let stack: Stack;
  before(async () => {
    stack = await startOpenaiStack({ openai: { enabled: false } });
  });
  after(() => stack.close());

  test('404 in OpenAI shape, nothing proxied', async () => {
    await rejectsWith(openaiClient(stack).responses.create({ model: 'gpt-4o', input: 'Hi' }), OpenAI.NotFoundError, 404);
    assert.equal(stack.fake.received.length, 0);
  });
});
