// storage.sqliteCacheSize reaches SQLite as the connection's cache_size (negative: KiB).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { setCacheSize } from '../../../src/storage/sqlite/cache-size.js';

test('a page cache in bytes becomes cache_size in KiB; none keeps SQLite’s default', () => {
  const db = new Database(':memory:');
  const before = db.pragma('cache_size', { simple: true });
  setCacheSize(db, undefined);
  assert.equal(db.pragma('cache_size', { simple: true }), before);
  setCacheSize(db, 2 * 1024 * 1024);
  assert.equal(db.pragma('cache_size', { simple: true }), -2048);
  setCacheSize(db, 1000);
  assert.equal(db.pragma('cache_size', { simple: true }), -1);
  db.close();
});
