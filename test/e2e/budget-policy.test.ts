// Regression (issue 11, defect 4): one request must not blow a budget by 100×. With 5 cents left,
// `max_tokens: 64000` on Sonnet (worst case $0.96) is refused under `strict`, clamped to what the
// budget pays for under `clamp` (the default) — or refused when that is less than a useful answer —
// and forwarded as before under `soft`. On both endpoints.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { startStack, type Stack } from '../support/stack.js';
import { ALIASES } from './openai-stack.js';

const key = (id: string) => `ccg-budget-${id}-key-0123456789`;
const tenant = (id: string, maxUSD: number, policy?: string) => ({ id, key: key(id), limits: { daily: { maxUSD } }, ...(policy ? { budgetPolicy: policy } : {}) });

async function post(stack: Stack, path: string, tenantId: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown>; headers: Record<string, unknown> }> {
  const res = await request(`${stack.gw.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': key(tenantId), authorization: `Bearer ${key(tenantId)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown>, headers: res.headers };
}

const big = { model: 'claude-sonnet-4-6', max_tokens: 64_000, messages: [{ role: 'user', content: 'Write a long essay' }] };

/** max_tokens of the last request the fake upstream received. */
function forwardedMaxTokens(stack: Stack): unknown {
  return (JSON.parse(stack.fake.received.at(-1)!.body) as Record<string, unknown>)['max_tokens'];
}

describe('budget policies', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      tenants: [tenant('strict', 0.05, 'strict'), tenant('clamp', 0.05, 'clamp'), tenant('default', 0.05), tenant('soft', 0.05, 'soft'), tenant('poor', 0.01, 'clamp'), tenant('oai', 0.05)],
      server: { openai: { models: ALIASES } },
    });
  });
  after(() => stack.close());

  test('strict: a request whose worst case passes the budget is refused with a clear 429', async () => {
    const posts = stack.fake.received.length;
    const r = await post(stack, '/anthropic/v1/messages', 'strict', big);
    assert.equal(r.status, 429);
    const err = r.json['error'] as { type: string; message: string };
    assert.equal(err.type, 'rate_limit_error');
    assert.match(err.message, /Daily budget: this request may cost up to \$0\.96\d* \(max_tokens 64000\) but \$0\.0500 of \$0\.0500 is left/);
    assert.equal(stack.fake.received.length, posts, 'nothing went upstream');
    const small = await post(stack, '/anthropic/v1/messages', 'strict', { ...big, max_tokens: 1000 });
    assert.equal(small.status, 200, 'a request that fits is admitted');
  });

  test('clamp: max_tokens is lowered so the worst case fits, and the answer says so', async () => {
    // every field but max_tokens goes upstream as sent (the endpoint parses only the keys it
    // reads, so the clamp rewrites the whole request parsed again)
    const full = { ...big, system: [{ type: 'text', text: 'Be brief. 中文' }], tools: [{ name: 't', input_schema: { type: 'object' } }], metadata: { user_id: 'u' }, temperature: 0.5 };
    const r = await post(stack, '/anthropic/v1/messages', 'clamp', full);
    assert.equal(r.status, 200);
    const sent = Number(forwardedMaxTokens(stack));
    // $0.05 / $15 per million output tokens = 3,333 tokens, less the prompt's share.
    assert.ok(sent >= 3_000 && sent <= 3_333, `forwarded max_tokens ${sent}`);
    assert.equal(r.headers['x-ccgate-max-tokens-clamped'], String(sent));
    assert.deepEqual(JSON.parse(stack.fake.received.at(-1)!.body), { ...full, max_tokens: sent });
  });

  test('clamp is the default policy', async () => {
    const r = await post(stack, '/anthropic/v1/messages', 'default', big);
    assert.equal(r.status, 200);
    assert.ok(Number(forwardedMaxTokens(stack)) <= 3_333);
  });

  test('clamp: when the budget left pays for less than a useful answer (1024 tokens), the request is refused', async () => {
    const r = await post(stack, '/anthropic/v1/messages', 'poor', big);
    assert.equal(r.status, 429);
    assert.match((r.json['error'] as { message: string }).message, /Daily budget: .* is left, not enough for a useful answer \(1024 output tokens\)/);
  });

  test('soft: today’s behaviour — admitted while spend is under the limit, forwarded unchanged', async () => {
    const r = await post(stack, '/anthropic/v1/messages', 'soft', big);
    assert.equal(r.status, 200);
    assert.equal(forwardedMaxTokens(stack), 64_000);
  });

  test('clamp on the OpenAI endpoint lowers the translated max_tokens', async () => {
    const r = await post(stack, '/openai/v1/chat/completions', 'oai', { model: 'gpt-4o', max_tokens: 64_000, messages: [{ role: 'user', content: 'Write a long essay' }] });
    assert.equal(r.status, 200);
    const sent = Number(forwardedMaxTokens(stack));
    assert.ok(sent >= 3_000 && sent <= 3_333, `forwarded max_tokens ${sent}`);
    assert.equal(r.headers['x-ccgate-max-tokens-clamped'], String(sent));
  });
});
