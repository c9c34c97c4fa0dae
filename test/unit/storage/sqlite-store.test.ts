// The SQLite ledger against the shared store contract, plus what only a file-backed store has.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LEDGER_COLUMNS, columnValues } from '../../../src/storage/columns.js';
import { SQLITE_MIGRATIONS } from '../../../src/storage/sqlite/migrations.js';
import { SQLITE_ROLLUP_MIGRATION } from '../../../src/storage/sqlite/rollup-schema.js';
import { ReadPoolError } from '../../../src/storage/sqlite/read-pool.js';
import { journalDirOf, openSqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';
import { insertMany } from './aggregate-contract.js';
import { prng, randomLedger } from './aggregate-reference.js';
import { DAY_MS, ledgerRow } from './ledger-rows.js';
import { assertSamePaths, rollupMismatchSql } from './rollup-checks.js';
import { runStoreContract } from './store-contract.js';

const root = mkdtempSync(join(tmpdir(), 'ccgate-sqlite-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let seq = 0;
// A nested folder that does not exist yet, so opening also proves the store creates it.
const freshFile = (): string => join(root, `db-${++seq}`, 'usage.sqlite');

runStoreContract('sqlite', async () => openSqliteStore(freshFile()));
// ':memory:' cannot be shared with the read worker: the same contract with reads on the main thread.
runStoreContract('sqlite :memory:', async () => openSqliteStore(':memory:'));

const START = Date.UTC(2025, 2, 14);

/** Rows of the rollup that differ from its rebuild from the ledger, read on a connection of our own. */
function rollupMismatches(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(rollupMismatchSql()).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

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

  it('migrating a ledger that has rows but no rollup builds the rollup from them', async () => {
    const file = freshFile();
    mkdirSync(dirname(file), { recursive: true });
    const rows = randomLedger(prng(5), 300, START, 2 * DAY_MS);
    const old = new Database(file);
    const before = SQLITE_MIGRATIONS.indexOf(SQLITE_ROLLUP_MIGRATION);
    for (const m of SQLITE_MIGRATIONS.slice(0, before)) old.exec(m);
    old.pragma(`user_version = ${before}`);
    const insert = old.prepare(`INSERT INTO usage (${LEDGER_COLUMNS.map(([, c]) => c).join(',')}) VALUES (${LEDGER_COLUMNS.map(() => '?').join(',')})`);
    for (const r of rows) insert.run(columnValues(r, true));
    old.close();
    const store = openSqliteStore(file);
    try {
      await store.migrate();
      assert.equal(rollupMismatches(file), 0);
      assert.equal((await store.totals({ from: START, to: START + 2 * DAY_MS })).requests, rows.length);
    } finally {
      await store.close();
    }
  });

  it('the rollup table equals its rebuild after inserts, replaces and deletes; the rollup path equals the ledger path', async () => {
    const file = freshFile();
    const store = openSqliteStore(file);
    const plain = openSqliteStore(file, undefined, { aggregateSource: 'ledger' });
    try {
      await store.migrate();
      const rnd = prng(99);
      const rows = randomLedger(rnd, 600, START, 2 * DAY_MS);
      await insertMany(store, rows);
      await insertMany(store, randomLedger(rnd, 100, START, 2 * DAY_MS).map((r, i) => ({ ...r, requestId: rows[i * 3]!.requestId })));
      await store.deleteBefore(START + 7 * 3_600_000 + 1);
      // A read inserts the pending rows, so that the second store opens on a settled file.
      await store.totals({ from: 0, to: 1 });
      assert.equal(rollupMismatches(file), 0);
      await plain.migrate();
      await assertSamePaths(store, plain, 100, START, 2 * DAY_MS);
    } finally {
      await plain.close();
      await store.close();
    }
  });

  it('reads on a closed store are answered with an error, not left waiting', async () => {
    const store = openSqliteStore(freshFile());
    await store.migrate();
    await store.close();
    await assert.rejects(store.aggregate({ from: 0, to: 1, groupBy: [] }), (err: unknown) => err instanceof ReadPoolError && err.code === 'store_closed');
    await store.close();
  });
});
