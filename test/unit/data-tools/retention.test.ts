// Retention against a real (in-memory SQLite) ledger with a hand-moved clock: only rows older than
// the period go; 0 keeps everything.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import { openSqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';
import { DAY_MS, applyRetention, retentionCutoff } from '../../../src/storage/retention.js';
import type { UsageStore } from '../../../src/storage/types.js';
import { collect, ledgerRow } from '../storage/ledger-rows.js';

const NOW = Date.UTC(2026, 0, 31, 12);
const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER };

async function withRows(ages: Record<string, number>, fn: (store: UsageStore) => Promise<void>): Promise<void> {
  const store = openSqliteStore(':memory:');
  await store.migrate();
  try {
    await Promise.all(Object.entries(ages).map(([id, ageMs]) => store.insert(ledgerRow(id, { ts: NOW - ageMs }))));
    await fn(store);
  } finally {
    await store.close();
  }
}

const ids = async (store: UsageStore) => (await collect(store.rows(ALL))).map((r) => r.requestId).sort();

describe('applyRetention', () => {
  it('deletes rows older than N days and keeps the rest, the cutoff itself included', async () => {
    await withRows({ old: 31 * DAY_MS, edge: 30 * DAY_MS, kept: 30 * DAY_MS - 1, fresh: 0 }, async (store) => {
      assert.equal(await applyRetention(store, 30, new ManualClock(NOW)), 1);
      assert.deepEqual(await ids(store), ['edge', 'fresh', 'kept']);
      assert.equal(await applyRetention(store, 30, new ManualClock(NOW + 1)), 1);
      assert.deepEqual(await ids(store), ['fresh', 'kept']);
    });
  });

  it('keeps everything when retention is 0', async () => {
    await withRows({ ancient: 4000 * DAY_MS, fresh: 0 }, async (store) => {
      assert.equal(await applyRetention(store, 0, new ManualClock(NOW)), 0);
      assert.deepEqual(await ids(store), ['ancient', 'fresh']);
    });
  });

  it('refuses a negative or fractional number of days', () => {
    assert.throws(() => retentionCutoff(-1, NOW), RangeError);
    assert.throws(() => retentionCutoff(1.5, NOW), RangeError);
    assert.equal(retentionCutoff(2, NOW), NOW - 2 * DAY_MS);
  });
});
