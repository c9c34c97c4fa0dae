// Pass-through is byte-identical for the recorded streams, however the upstream splits them, and
// the usage tap reads the right numbers every time (also from gzip and mirror-style answers).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { FIXTURES } from '../support/gateway-process.js';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import type { Scenario } from '../support/fake-upstream.js';

const CASES = [
  { file: 'text-basic.sse', input: 11, output: 6 },
  { file: 'tool-use.sse', input: 377, output: 65 },
];

async function streamRaw(stack: Stack, scenario: Scenario, requestId?: string): Promise<{ body: Buffer; headers: Record<string, unknown>; status: number }> {
  const res = await request(`${stack.anthropicBase}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-fake-scenario': JSON.stringify(scenario), ...(requestId ? { 'x-test-id': requestId } : {}) },
    body: JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
  });
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  return { body: Buffer.concat(chunks), headers: res.headers, status: res.statusCode };
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

describe('byte-identical pass-through', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  for (const c of CASES) {
    test(`${c.file}: identical at every split offset, usage read each time`, async () => {
      const path = join(FIXTURES, 'anthropic', c.file);
      const expected = readFileSync(path);
      const offsets = Array.from({ length: expected.length - 1 }, (_, i) => i + 1);
      const rowsBefore = stack.ledger().length;
      await inBatches(offsets, 16, async (splitAt) => {
        const r = await streamRaw(stack, { fixture: path, splitAt });
        assert.equal(r.status, 200);
        assert.ok(r.body.equals(expected), `bytes differ at split ${splitAt}`);
      });
      const rows = stack.ledger().slice(rowsBefore);
      assert.equal(rows.length, offsets.length);
      for (const row of rows) {
        assert.equal(row['input_tokens'], c.input);
        assert.equal(row['output_tokens'], c.output);
        assert.equal(row['error_type'], null);
      }
    });

    test(`${c.file}: identical when sent byte by byte`, async () => {
      const path = join(FIXTURES, 'anthropic', c.file);
      const r = await streamRaw(stack, { fixture: path, chunkBytes: 1 });
      assert.ok(r.body.equals(readFileSync(path)));
      const row = stack.ledger().at(-1)!;
      assert.equal(row['output_tokens'], c.output);
    });
  }

  test('a gzip answer passes through compressed, and usage is still read', async () => {
    const path = join(FIXTURES, 'anthropic', 'tool-use.sse');
    const r = await streamRaw(stack, { fixture: path, gzip: true, chunkBytes: 7 });
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.ok(gunzipSync(r.body).equals(readFileSync(path)));
    const row = stack.ledger().at(-1)!;
    assert.equal(row['input_tokens'], 377);
    assert.equal(row['output_tokens'], 65);
  });

  test('mirror-style message_delta (output_tokens only) keeps input and cache counts', async () => {
    await streamRaw(stack, { usage: 'mirror', chunkBytes: 5 });
    const row = stack.ledger().at(-1)!;
    assert.equal(row['input_tokens'], 25);
    assert.equal(row['cache_read_tokens'], 200);
    assert.equal(row['cache_write_1h_tokens'], 60);
    assert.equal(row['output_tokens'], 12);
  });

  test('non-streaming gzip JSON answer: usage read', async () => {
    const res = await request(`${stack.anthropicBase}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json', 'x-fake-scenario': JSON.stringify({ gzip: true, chunkBytes: 3 }) },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    const body = JSON.parse(gunzipSync(Buffer.from(await res.body.arrayBuffer())).toString()) as { usage: { output_tokens: number } };
    assert.equal(body.usage.output_tokens, 12);
    const row = stack.ledger().at(-1)!;
    assert.equal(row['output_tokens'], 12);
    assert.equal(row['stream'], 0);
  });
});
