// The body an upstream gets once the parsed request is gone (pipeline/endpoint.ts `Forwarded`):
// the prepared bytes themselves for the model asked for, and for an upstream that renames the
// model those bytes parsed again with only `model` replaced (clamped max_tokens included).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyForModel } from '../../../src/http/pipeline/forward-stage.js';

const request = { model: 'claude-sonnet-4-6', max_tokens: 512, stream: true, metadata: { user_id: 'u1' }, messages: [{ role: 'user', content: 'Hi "there" — 你好' }] };
const bytes = Buffer.from(JSON.stringify(request));

test('the model asked for gets the prepared bytes themselves, not a copy', () => {
  assert.equal(bodyForModel(bytes, 'claude-sonnet-4-6')('claude-sonnet-4-6'), bytes);
});

test('a renamed model gets the prepared request with only the model replaced', () => {
  const renamed = bodyForModel(bytes, 'claude-sonnet-4-6')('anthropic/claude-sonnet-4.6');
  assert.deepEqual(JSON.parse(renamed.toString('utf8')), { ...request, model: 'anthropic/claude-sonnet-4.6' });
});

test('the rename starts from the bytes as prepared (a clamped max_tokens stays clamped)', () => {
  const clamped = Buffer.from(JSON.stringify({ ...request, max_tokens: 64 }));
  const renamed = JSON.parse(bodyForModel(clamped, 'claude-sonnet-4-6')('other-name').toString('utf8')) as Record<string, unknown>;
  assert.equal(renamed['max_tokens'], 64);
  assert.equal(renamed['model'], 'other-name');
});
