// The SQLite ledger as it stands on disk: rows already inserted plus rows still in journal
// segments (durable, inserted by the gateway within FLUSH_MS). Tests read this instead of
// waiting for the gateway's next batch insert.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LEDGER_COLUMNS } from '../../src/storage/columns.js';
import { readSegment, SEGMENT } from '../../src/storage/sqlite/batch-writer.js';
import { journalDirOf } from '../../src/storage/sqlite/sqlite-store.js';

/** Every durable row in the ledger of `dataDir`, keyed by column name, ordered by ts then request id. */
export function durableLedgerRows(dataDir: string): Array<Record<string, unknown>> {
  const file = join(dataDir, 'ccgate.db');
  const byId = new Map<string, Record<string, unknown>>();
  // The journal first, then the table: the gateway deletes a segment only after its rows are
  // committed, so a row is in a segment read here or in the SELECT that follows (never in neither).
  const journal = journalDirOf(file);
  const segments = existsSync(journal) ? readdirSync(journal).filter((n) => SEGMENT.test(n)).sort() : [];
  for (const name of segments) {
    let rows: unknown[][];
    try {
      rows = readSegment(join(journal, name));
    } catch {
      continue; // inserted and deleted since the listing: the SELECT below has its rows
    }
    for (const values of rows) {
      const row = Object.fromEntries(LEDGER_COLUMNS.map(([, col], i) => [col, values[i]]));
      byId.set(String(row['request_id']), row);
    }
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    for (const r of db.prepare('SELECT * FROM usage').all() as Array<Record<string, unknown>>) byId.set(String(r['request_id']), r);
  } finally {
    db.close();
  }
  return [...byId.values()].sort((a, b) => Number(a['ts']) - Number(b['ts']) || (String(a['request_id']) < String(b['request_id']) ? -1 : String(a['request_id']) > String(b['request_id']) ? 1 : 0));
}
