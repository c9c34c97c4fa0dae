// The SQLite ledger's journal: rows settled in one event-loop turn are appended together at the
// end of the turn, each insert() resolving only once its row is in the journal file (the
// durability promise a response's last byte waits for), then batched into SQLite.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createBatchWriter } from '../../../src/storage/sqlite/batch-writer.js';
import { tempDir } from '../../support/gateway-process.js';

function journalText(dir: string): string {
  return existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('') : '';
}

describe('batch writer journal', () => {
  it('journals the rows of one turn together at its end; each write resolves once its row is on file', async () => {
    const dir = tempDir('ccgate-journal-');
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER)');
    const journal = join(dir, 'journal');
    const writer = createBatchWriter(db, 'INSERT OR REPLACE INTO t (id, n) VALUES (?, ?)', journal, (err) => assert.fail(String(err)));
    const writes = [writer.write(['a', 1]), writer.write(['b', 2]), writer.write(['c', 3])];
    assert.equal(journalText(journal), '', 'nothing is written before the turn ends');
    await Promise.all(writes);
    assert.equal(journalText(journal), '["a",1]\n["b",2]\n["c",3]\n', 'all three rows, in order, once the writes resolved');
    assert.equal(readdirSync(journal).length, 1, 'one segment');
    writer.flush();
    assert.deepEqual(db.prepare('SELECT id, n FROM t ORDER BY id').all(), [{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'c', n: 3 }]);
    assert.equal(journalText(journal), '', 'an inserted segment is deleted');
    writer.close();
  });

  it('a flush in the same turn journals and inserts the pending rows at once (reads see every row)', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER)');
    const writer = createBatchWriter(db, 'INSERT OR REPLACE INTO t (id, n) VALUES (?, ?)', join(tempDir('ccgate-journal-'), 'journal'), (err) => assert.fail(String(err)));
    const w = writer.write(['x', 9]);
    writer.flush();
    assert.deepEqual(db.prepare('SELECT n FROM t').all(), [{ n: 9 }]);
    await w;
    writer.close();
  });
});
