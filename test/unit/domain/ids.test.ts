// Generated ids: random base62 strings (keys), and the unique-not-secret ones (Responses item ids):
// the length and alphabet asked for, and no repeats.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newRequestId, randomBase62, uniqueBase62 } from '../../../src/domain/ids.js';

const BASE62 = /^[0-9A-Za-z]+$/;

test('uniqueBase62: the length asked for, base62 only, never the same twice in 100,000 calls', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100_000; i++) {
    const id = uniqueBase62(24);
    assert.equal(id.length, 24);
    assert.match(id, BASE62);
    seen.add(id);
  }
  assert.equal(seen.size, 100_000);
});

test('uniqueBase62: ids of this process share its random prefix; the counter part differs', () => {
  const [a, b] = [uniqueBase62(24), uniqueBase62(24)];
  assert.equal(a.slice(0, 10), b.slice(0, 10));
  assert.notEqual(a.slice(10), b.slice(10));
  assert.equal(a.slice(0, 10), newRequestId().slice('req_ccg_'.length, 'req_ccg_'.length + 10));
});

test('randomBase62: the length asked for, base62 only, and different each time', () => {
  const ids = Array.from({ length: 1000 }, () => randomBase62(32));
  for (const id of ids) {
    assert.equal(id.length, 32);
    assert.match(id, BASE62);
  }
  assert.equal(new Set(ids).size, ids.length);
});
