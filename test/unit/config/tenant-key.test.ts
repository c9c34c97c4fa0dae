import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { generateTenantKey, keyHashOf } from '../../../src/config/tenant-key.js';
import { runKeygen } from '../../../src/cli/keygen-command.js';

test('tenant keys are ccg- and 43 base62 characters, fresh every time', () => {
  const keys = new Set(Array.from({ length: 200 }, generateTenantKey));
  assert.equal(keys.size, 200);
  for (const k of keys) assert.match(k, /^ccg-[A-Za-z0-9]{43}$/);
});

test('keyHashOf is the sha256: form tenants.json stores', () => {
  assert.equal(keyHashOf('ccg-x'), `sha256:${createHash('sha256').update('ccg-x').digest('hex')}`);
});

test('ccgate keygen prints a key of the same format and its hash', () => {
  let text = '';
  assert.equal(runKeygen((s) => (text += s)), 0);
  const key = /key:\s+(\S+)/.exec(text)?.[1] ?? '';
  assert.match(key, /^ccg-[A-Za-z0-9]{43}$/);
  assert.ok(text.includes(`keyHash: ${keyHashOf(key)}`));
});
