// Every refusal on the OpenAI endpoint reaches the client in OpenAI's error shape with its real
// status, surfaces in the `openai` SDK as the matching error class, and is never proxied (or sent
// as a 200) — for streaming requests too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { OTHER_KEY, TENANT_KEY, defaultTenants, type Stack } from '../support/stack.js';
import { openaiClient, startOpenaiStack } from './openai-stack.js';

type ApiError = InstanceType<typeof OpenAI.APIError>;
type ErrorClass = abstract new (...args: never[]) => ApiError;

/** Asserts `p` rejects with `cls`, `status` and an OpenAI error object carrying `code`. */
async function rejectsWith(p: Promise<unknown>, cls: ErrorClass, status: number, code?: string | null): Promise<ApiError> {
  const err = await p.then(
    () => assert.fail('expected an error'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
  assert.equal(err.status, status);
  assert.equal(typeof err.error, 'object');
  assert.equal(typeof (err.error as { message?: unknown }).message, 'string');
  if (code !== undefined) assert.equal(err.code, code);
  return err;
}

async function rawPost(stack: Stack, path: string, body: string, key = TENANT_KEY): Promise<{ status: number; json: { error?: { message: string; type: string; param: string | null; code: string | null } } }> {
  const res = await fetch(`${stack.gw.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
  return { status: res.status, json: (await res.json()) as { error?: { message: string; type: string; param: string | null; code: string | null } } };
}

const hi: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hi' }];

describe('OpenAI endpoint errors', () => {
  let stack: Stack;
  let client: OpenAI;
  before(async () => {
    stack = await startOpenaiStack({
      tenants: [
        ...defaultTenants(),
        { id: 'off', key: 'ccg-disabled-tenant-key', enabled: false },
        { id: 'slow', key: 'ccg-one-per-minute-key', limits: { requestsPerMinute: 1 } },
        // `soft`: the first request is admitted and spends the budget (clamp would refuse it at once).
        { id: 'broke', key: 'ccg-spent-budget-key-00', limits: { daily: { maxUSD: 0.000001 } }, budgetPolicy: 'soft' },
      ],
      server: { server: { host: '127.0.0.1', maxBodySize: '64KB' } },
    });
    client = openaiClient(stack);
  });
  after(() => stack.close());

  test('a wrong key → AuthenticationError (401 invalid_api_key)', async () => {
    const err = await rejectsWith(openaiClient(stack, 'ccg-not-a-real-key-xxxx').chat.completions.create({ model: 'gpt-4o', messages: hi }), OpenAI.AuthenticationError, 401, 'invalid_api_key');
    assert.equal(err.type, 'invalid_request_error');
  });

  test('a disabled tenant → PermissionDeniedError', async () => {
    await rejectsWith(openaiClient(stack, 'ccg-disabled-tenant-key').chat.completions.create({ model: 'gpt-4o', messages: hi }), OpenAI.PermissionDeniedError, 403);
  });

  test('an alias whose Claude model the tenant may not use → PermissionDeniedError naming the model', async () => {
    const before = stack.fake.received.length;
    const bob = openaiClient(stack, OTHER_KEY);
    const err = await rejectsWith(bob.chat.completions.create({ model: 'o3', messages: hi }), OpenAI.PermissionDeniedError, 403);
    assert.equal(err.type, 'permission_error');
    assert.match(err.message, /claude-opus-4-8/);
    await rejectsWith(bob.chat.completions.create({ model: 'claude-opus-4-8', messages: hi, stream: true }), OpenAI.PermissionDeniedError, 403);
    assert.equal(stack.fake.received.length, before, 'nothing was proxied');
  });

  test('an unknown model with no default → NotFoundError (404 model_not_found)', async () => {
    const err = await rejectsWith(client.chat.completions.create({ model: 'gpt-5', messages: hi }), OpenAI.NotFoundError, 404, 'model_not_found');
    assert.equal(err.param, 'model');
  });

  test('unsupported values → BadRequestError naming the field', async () => {
    const n = await rejectsWith(client.chat.completions.create({ model: 'gpt-4o', messages: hi, n: 2 }), OpenAI.BadRequestError, 400);
    assert.equal(n.param, 'n');
    const t = await rejectsWith(client.chat.completions.create({ model: 'gpt-4o', messages: hi, temperature: 1.5, stream: true }), OpenAI.BadRequestError, 400);
    assert.equal(t.param, 'temperature');
    assert.match(t.message, /temperature/);
  });

  test('a body that is not JSON → 400 in OpenAI shape', async () => {
    const r = await rawPost(stack, '/openai/v1/chat/completions', '{"model": ');
    assert.equal(r.status, 400);
    assert.equal(r.json.error?.type, 'invalid_request_error');
    assert.match(r.json.error?.message ?? '', /JSON/);
  });

  test('a body above the limit → 413 in OpenAI shape', async () => {
    const err = await rejectsWith(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(70_000) }] }), OpenAI.APIError, 413);
    assert.equal(err.type, 'invalid_request_error');
  });

  test('an unknown path under /openai → 404 in OpenAI shape, never proxied', async () => {
    const before = stack.fake.received.length;
    for (const path of ['/openai/v1/completions', '/openai/v1/embeddings', '/openai/v1/responses/x']) {
      const r = await rawPost(stack, path, '{}');
      assert.equal(r.status, 404, path);
      assert.equal(r.json.error?.type, 'invalid_request_error');
      assert.equal(r.json.error?.code, 'not_found');
    }
    assert.equal(stack.fake.received.length, before);
  });

  test('a tenant over its requests per minute → RateLimitError with retry-after', async () => {
    const slow = openaiClient(stack, 'ccg-one-per-minute-key');
    await slow.chat.completions.create({ model: 'gpt-4o', messages: hi });
    const err = await rejectsWith(slow.chat.completions.create({ model: 'gpt-4o', messages: hi, stream: true }), OpenAI.RateLimitError, 429, 'rate_limit_exceeded');
    assert.ok(Number(err.headers?.get('retry-after')) >= 1);
  });

  test('a spent budget → RateLimitError with code insufficient_quota, nothing proxied', async () => {
    const broke = openaiClient(stack, 'ccg-spent-budget-key-00');
    await broke.chat.completions.create({ model: 'gpt-4o', messages: hi }); // spends the budget
    const before = stack.fake.received.length;
    const err = await rejectsWith(broke.chat.completions.create({ model: 'gpt-4o', messages: hi }), OpenAI.RateLimitError, 429, 'insufficient_quota');
    assert.equal(err.type, 'insufficient_quota');
    assert.match(err.message, /budget/i);
    assert.equal(stack.fake.received.length, before);
  });

  test('an upstream 400 → BadRequestError with its message, for a stream too', async () => {
    stack.fake.queue({ status: 400 }, { status: 400 });
    const plain = await rejectsWith(client.chat.completions.create({ model: 'gpt-4o', messages: hi }), OpenAI.BadRequestError, 400);
    assert.match(plain.message, /fake 400/);
    await rejectsWith(client.chat.completions.create({ model: 'gpt-4o', messages: hi, stream: true }), OpenAI.BadRequestError, 400);
    const row = stack.ledger().at(-1)!;
    assert.equal(row['status'], 400);
    assert.equal(row['error_type'], 'invalid_request_error');
    assert.equal(row['endpoint'], 'openai');
  });
});

describe('OpenAI endpoint switched off', () => {
  let stack: Stack;
  before(async () => {
    stack = await startOpenaiStack({ openai: { enabled: false } });
  });
  after(() => stack.close());

  test('both routes answer 404 in OpenAI shape (NotFoundError)', async () => {
    const client = openaiClient(stack);
    await rejectsWith(client.chat.completions.create({ model: 'gpt-4o', messages: hi }), OpenAI.NotFoundError, 404);
    await rejectsWith(client.models.list(), OpenAI.NotFoundError, 404);
    assert.equal(stack.fake.received.length, 0);
  });
});
