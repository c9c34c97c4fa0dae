// The binding table: bounded LRU with idle expiry on an injected clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import { SessionTable } from '../../../src/routing/session-table.js';

const TTL_MS = 60_000;
const table = (maxEntries = 10) => {
  const clock = new ManualClock();
  return { clock, sessions: new SessionTable({ maxEntries, idleTtlMs: TTL_MS }, clock) };
};

describe('SessionTable', () => {
  it('returns what was bound, and rebinding replaces it', () => {
    const { sessions } = table();
    assert.equal(sessions.get('s1'), undefined);
    sessions.set('s1', 'a');
    assert.equal(sessions.get('s1'), 'a');
    sessions.set('s1', 'b');
    assert.equal(sessions.get('s1'), 'b');
    assert.equal(sessions.size, 1);
  });

  it('expires a binding idle for longer than the TTL', () => {
    const { clock, sessions } = table();
    sessions.set('s1', 'a');
    clock.advance(TTL_MS);
    assert.equal(sessions.get('s1'), 'a', 'exactly at the TTL it is still alive');
    clock.advance(TTL_MS + 1);
    assert.equal(sessions.get('s1'), undefined);
    assert.equal(sessions.size, 0);
  });

  it('counts idle time from the last use, not from binding', () => {
    const { clock, sessions } = table();
    sessions.set('s1', 'a');
    for (let i = 0; i < 5; i++) {
      clock.advance(TTL_MS - 1);
      assert.equal(sessions.get('s1'), 'a');
    }
  });

  it('drops expired bindings from its size', () => {
    const { clock, sessions } = table();
    sessions.set('old', 'a');
    clock.advance(TTL_MS / 2);
    sessions.set('new', 'b');
    clock.advance(TTL_MS / 2 + 1);
    assert.equal(sessions.size, 1);
    assert.equal(sessions.get('new'), 'b');
  });

  it('stays within maxEntries by evicting the least recently used', () => {
    const { sessions } = table(3);
    sessions.set('s1', 'a');
    sessions.set('s2', 'a');
    sessions.set('s3', 'a');
    sessions.get('s1'); // s2 is now the least recently used
    sessions.set('s4', 'a');
    assert.equal(sessions.size, 3);
    assert.equal(sessions.get('s2'), undefined);
    assert.deepEqual(['s1', 's3', 's4'].map((k) => sessions.get(k)), ['a', 'a', 'a']);
  });

  it('shrinks to new limits on configure()', () => {
    const { clock, sessions } = table(10);
    for (let i = 0; i < 10; i++) sessions.set(`s${i}`, 'a');
    sessions.configure({ maxEntries: 4, idleTtlMs: TTL_MS });
    assert.equal(sessions.size, 4);
    assert.equal(sessions.get('s9'), 'a');
    assert.equal(sessions.get('s5'), undefined);
    sessions.configure({ maxEntries: 4, idleTtlMs: 10 });
    clock.advance(11);
    assert.equal(sessions.size, 0);
  });

  it('forgets a deleted binding', () => {
    const { sessions } = table();
    sessions.set('s1', 'a');
    sessions.delete('s1');
    assert.equal(sessions.get('s1'), undefined);
  });
});
