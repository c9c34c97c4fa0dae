// The real `openai` SDK reads our Responses output: a server on port 0 replays a golden Anthropic
// stream (or JSON answer) through the translators, and the SDK's own stream accumulator must
// rebuild the final response, including namespaced calls and reasoning.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import type { AnthropicMessagesResponse } from '../../../src/protocol/anthropic-types.js';
import { anthropicResponseToResponses } from '../../../src/translate/anthropic-response-to-responses.js';
import { responsesRequestToAnthropic } from '../../../src/translate/responses-request-to-anthropic.js';
import { answerOptions, replayResponsesStream } from '../../support/responses-replay.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/responses/', import.meta.url));
const OPTS = { models: { 'gpt-4.1': 'claude-sonnet-4-6', 'gpt-5-mini': 'claude-haiku-4-5' }, defaultModel: undefined, defaultMaxOutputTokens: 32000 };

/** The fixture named by the client's `model`, translated with the fixture's own request settings. */
function serve(body: { model: string; stream?: boolean }, res: ServerResponse): void {
  const dir = `${FIXTURES}${body.model}/`;
  const answer = responsesRequestToAnthropic(JSON.parse(readFileSync(`${dir}request.json`, 'utf8')), OPTS).answer;
  if (body.stream !== true && existsSync(`${dir}anthropic-response.json`)) {
    const resp = JSON.parse(readFileSync(`${dir}anthropic-response.json`, 'utf8')) as AnthropicMessagesResponse;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(anthropicResponseToResponses(resp, answerOptions(answer))));
    return;
  }
  const out = Buffer.from(replayResponsesStream([new Uint8Array(readFileSync(`${dir}anthropic-stream.sse`))], answer));
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (let i = 0; i < out.length; i += 7) res.write(out.subarray(i, i + 7));
  res.end();
}

describe('openai SDK compatibility (Responses API)', () => {
  let server: Server;
  let client: OpenAI;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        try {
          serve(JSON.parse(body) as { model: string; stream?: boolean }, res);
        } catch (e) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: String(e), type: 'server_error', param: null, code: null } }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new OpenAI({ apiKey: 'test', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('responses.stream rebuilds text with multi-byte characters and usage', async () => {
    const stream = client.responses.stream({ model: 'codex-first-turn', input: 'x' });
    let deltas = '';
    stream.on('response.output_text.delta', (e) => (deltas += e.delta));
    const done = await stream.finalResponse();
    assert.equal(done.output_text, 'Hi! 👋 你好，how can I help?');
    assert.equal(deltas, done.output_text);
    assert.equal(done.status, 'completed');
    assert.equal(done.usage?.input_tokens, 3033);
  });

  it('responses.stream rebuilds reasoning and parallel calls, namespaced ones with their namespace', async () => {
    const done = await client.responses.stream({ model: 'codex-tool-loop', input: 'x' }).finalResponse();
    assert.deepEqual(
      done.output.map((item) => (item.type === 'function_call' ? [item.name, item.namespace, JSON.parse(item.arguments)] : item.type)),
      ['reasoning', 'message', ['exec_command', undefined, { cmd: 'ls -la' }], ['spawn_agent', 'multi_agent_v1', { message: 'check tests' }]],
    );
    const reasoning = done.output[0];
    assert.ok(reasoning?.type === 'reasoning');
    assert.equal(reasoning.summary[0]?.text, 'Both succeeded. Now spawn a fresh agent and list the dir.');
  });

  it('responses.stream keeps url citations from a web search', async () => {
    const done = await client.responses.stream({ model: 'hosted-tools', input: 'x' }).finalResponse();
    const message = done.output.at(-1);
    assert.ok(message?.type === 'message' && message.content[0]?.type === 'output_text');
    assert.equal(message.content[0].annotations[0]?.type, 'url_citation');
    assert.equal(done.output[1]?.type, 'web_search_call');
  });

  it('a mid-stream upstream error reaches the SDK as a failed response with its message', async () => {
    const done = await client.responses.stream({ model: 'error-event', input: 'x' }).finalResponse();
    assert.equal(done.status, 'failed');
    assert.deepEqual(done.error, { code: 'server_error', message: 'Overloaded' });
  });

  it('responses.create (not streamed) parses the JSON answer, output_text included', async () => {
    const done = await client.responses.create({ model: 'structured-output', input: 'x' });
    assert.equal(done.output_text, '{"city":"Kyoto"}');
    assert.equal(done.usage?.output_tokens, 9);
  });
});
