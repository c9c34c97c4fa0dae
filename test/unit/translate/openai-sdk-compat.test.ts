// The real `openai` SDK reads our output: a server on port 0 replays a golden Anthropic stream
// through the translator, and the SDK's own stream accumulator must rebuild the completion.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { createSseReader } from '../../../src/protocol/sse.js';
import { createOpenaiStreamTranslator } from '../../../src/translate/anthropic-stream-to-openai.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/openai/', import.meta.url));

/** Translates the named fixture stream, writing the output in small uneven pieces. */
function serve(fixture: string, res: import('node:http').ServerResponse): void {
  const t = createOpenaiStreamTranslator({ id: 'chatcmpl-sdk', created: 1, model: 'gpt-4o', includeUsage: true });
  let out = '';
  const reader = createSseReader((f) => {
    out += t.frame(f);
  });
  reader.push(new Uint8Array(readFileSync(`${FIXTURES}${fixture}/anthropic-stream.sse`)));
  reader.end();
  out += t.end();
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const bytes = Buffer.from(out);
  for (let i = 0; i < bytes.length; i += 7) res.write(bytes.subarray(i, i + 7));
  res.end();
}

describe('openai SDK compatibility', () => {
  let server: Server;
  let client: OpenAI;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => serve((JSON.parse(body) as { model: string }).model, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new OpenAI({ apiKey: 'test', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const run = (fixture: string) =>
    client.chat.completions
      .stream({ model: fixture, messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } })
      .finalChatCompletion();

  it('rebuilds text with multi-byte characters and usage', async () => {
    const done = await run('text-basic');
    assert.equal(done.choices[0]?.message.content, '你好！ 👋 很高兴见到你。');
    assert.equal(done.choices[0]?.finish_reason, 'stop');
    assert.equal(done.usage?.prompt_tokens, 2112);
  });

  it('rebuilds parallel tool calls with parseable arguments', async () => {
    const done = await run('parallel-tool-calls');
    const calls = done.choices[0]?.message.tool_calls ?? [];
    assert.deepEqual(
      calls.map((c) => (c.type === 'function' ? [c.id, c.function.name, JSON.parse(c.function.arguments)] : [])),
      [['toolu_01A', 'get_weather', { location: 'Tokyo' }], ['toolu_01B', 'get_time', {}]],
    );
    assert.equal(done.choices[0]?.finish_reason, 'tool_calls');
  });

  it('throws an APIError carrying our error body on a mid-stream error', async () => {
    await assert.rejects(run('error-mid-stream'), (e: unknown) => {
      assert.ok(e instanceof OpenAI.APIError, String(e));
      assert.equal(e.code, 'overloaded_error');
      assert.match(e.message, /Overloaded/);
      return true;
    });
  });
});
