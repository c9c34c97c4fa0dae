// Regression (issue 11, defect 6): a 2xx that is not the protocol — HTML, non-JSON, a "stream"
// that is not SSE or does not start with message_start — never reaches a client as a 200. It is
// checked before the commit point: the request fails over, or gets a 502 in the protocol's shape,
// and the upstream is counted as failing.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { request } from 'undici';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import { accessLine, attemptSummary, upstreamHealth, waitForState } from './failover-helpers.js';
import { ALIASES } from './openai-stack.js';

const HTML = { raw: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Welcome to nginx!</body></html>' } };
const JSON_FOR_STREAM = { raw: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"msg_1","type":"message","content":[]}' } };
const NOT_JSON = { raw: { status: 200, headers: { 'content-type': 'application/json' }, body: 'Service temporarily unavailable' } };
const NOT_A_MESSAGE = { raw: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"hello":"world"}' } };
const BAD_FIRST_EVENT = { raw: { status: 200, headers: { 'content-type': 'text/event-stream' }, body: 'data: hello world\n\n' } };

async function post(stack: Stack, stream: boolean): Promise<{ status: number; text: string; requestId: string; contentType: string }> {
  const res = await request(`${stack.anthropicBase}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 50, stream, messages: [{ role: 'user', content: 'Hi' }] }),
  });
  return { status: res.statusCode, text: await res.body.text(), requestId: String(res.headers['x-ccgate-request-id']), contentType: String(res.headers['content-type']) };
}

describe('garbage with status 200 from one of two upstreams', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ fakes: 2, upstream: (_f, i) => ({ priority: i }) });
  });
  afterEach(async () => {
    stack.fake.setScenario({});
    await waitForState(stack, 'up1', 'healthy');
    await post(stack, false); // a success on up1 resets its backoff for the next case
  });
  after(() => stack.close());

  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['HTML for a message', HTML, false],
    ['a body that is not JSON', NOT_JSON, false],
    ['JSON that is not a Messages answer', NOT_A_MESSAGE, false],
    ['JSON for a stream', JSON_FOR_STREAM, true],
    ['an event stream whose first event is not message_start', BAD_FIRST_EVENT, true],
  ];
  for (const [name, scenario, stream] of cases) {
    test(`${name}: fails over; the upstream is counted as failing`, async () => {
      stack.fake.setScenario(scenario);
      const r = await post(stack, stream);
      assert.equal(r.status, 200);
      assert.match(r.text, stream ? /event: message_stop/ : /"type":"message"/);
      assert.deepEqual(attemptSummary(await accessLine(stack, r.requestId)), [['up1', 200, 'invalid_response'], ['up2', 200, null]]);
      assert.equal((await upstreamHealth(stack, 'up1')).cooldownReason, 'invalid_response');
    });
  }
});

describe('garbage with status 200 from every upstream', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ server: { openai: { models: ALIASES } } });
  });
  after(() => stack.close());

  test('HTML 200 → 502 in Anthropic shape', async () => {
    stack.fake.setScenario(HTML);
    const r = await post(stack, false);
    assert.equal(r.status, 502);
    assert.match(r.contentType, /application\/json/);
    const body = JSON.parse(r.text) as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'api_error');
    assert.match(body.error.message, /not a valid/);
    assert.equal(stack.ledger().at(-1)!['status'], 502);
  });

  test('a non-SSE answer to a stream → 502, not a 200 stream', async () => {
    stack.fake.setScenario(JSON_FOR_STREAM);
    const r = await post(stack, true);
    assert.equal(r.status, 502);
    assert.equal((JSON.parse(r.text) as { error: { type: string } }).error.type, 'api_error');
  });

  test('the OpenAI endpoint answers 502 in OpenAI shape', async () => {
    stack.fake.setScenario(HTML);
    const client = new OpenAI({ apiKey: TENANT_KEY, baseURL: `${stack.gw.baseUrl}/openai/v1`, maxRetries: 0 });
    await assert.rejects(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }), (e: unknown) => e instanceof OpenAI.APIError && e.status === 502);
    stack.fake.setScenario(BAD_FIRST_EVENT);
    await assert.rejects(client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'Hi' }] }), (e: unknown) => e instanceof OpenAI.APIError && e.status === 502);
  });
});
