// The SQLite ledger against the shared store contract, plus what only a file-backed store has.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openSqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';
import { ledgerRow } from './ledger-rows.js';
import { runStoreContract } from './store-contract.js';

const root = mkdtempSync(join(tmpdir(), 'ccgate-sqlite-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let seq = 0;
// A nested folder that does not exist yet, so opening also proves the store creates it.
const freshFile = (): string => join(root, `db-${++seq}`, 'usage.sqlite');

runStoreContract('sqlite', async () => openSqliteStore(freshFile()));

describe('sqlite store', () => {
  it('keeps rows across close and reopen of the file', async () => {
    const file = freshFile();
    const first = openSqliteStore(file);
    await first.migrate();
    await first.insert(ledgerRow('kept'));
    await first.close();
    const second = openSqliteStore(file);
    try {
      await second.migrate();
      assert.deepEqual(await second.recent({ from: 0, to: Number.MAX_SAFE_INTEGER }, 5), [ledgerRow('kept')]);
    } finally {
      await second.close();
    }
  });

  it('refuses an insert before migrate() instead of losing the row', async () => {
    const store = openSqliteStore(freshFile());
    try {
      await assert.rejects(store.insert(ledgerRow('early')), /before migrate/);
    } finally {
      await store.close();
    }
  });
});
