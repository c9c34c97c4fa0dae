// The SQLite ledger against the shared store contract, plus what only a file-backed store has.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { journalDirOf, openSqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';
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

  it('a row is durable once insert() resolves: a store opened after kill -9 inserts it from the journal', async () => {
    const file = freshFile();
    // A child process stores two rows and kills itself with SIGKILL before the batch insert runs.
    const child = `
      const { openSqliteStore } = await import(${JSON.stringify(new URL('../../../src/storage/sqlite/sqlite-store.js', import.meta.url).href)});
      const { ledgerRow } = await import(${JSON.stringify(new URL('./ledger-rows.js', import.meta.url).href)});
      const store = openSqliteStore(${JSON.stringify(file)});
      await store.migrate();
      await store.insert(ledgerRow('a'));
      await store.insert(ledgerRow('b', { ts: 2 }));
      process.kill(process.pid, 'SIGKILL');`;
    assert.throws(() => execFileSync(process.execPath, ['--input-type=module', '-e', child], { stdio: 'pipe' }), /SIGKILL|signal/i);
    assert.equal(readdirSync(journalDirOf(file)).length, 1, 'the rows wait in one journal segment');
    const store = openSqliteStore(file);
    try {
      await store.migrate();
      assert.deepEqual(await store.recent({ from: 0, to: Number.MAX_SAFE_INTEGER }, 5), [ledgerRow('a'), ledgerRow('b', { ts: 2 })]);
      assert.deepEqual(readdirSync(journalDirOf(file)), [], 'the segment is gone once its rows are in SQLite');
    } finally {
      await store.close();
    }
  });

  it('reads see rows still waiting in the journal', async () => {
    const file = freshFile();
    const store = openSqliteStore(file);
    try {
      await store.migrate();
      await store.insert(ledgerRow('fresh'));
      assert.equal(readdirSync(journalDirOf(file)).length, 1);
      assert.equal((await store.totals({ from: 0, to: Number.MAX_SAFE_INTEGER })).requests, 1);
      assert.deepEqual(readdirSync(journalDirOf(file)), []);
    } finally {
      await store.close();
    }
    assert.ok(existsSync(file));
  });
});
