// The SQLite hourly rollups (rollup-cubes.ts): their tables, the triggers that turn every ledger
// insert and delete into a delta row (a plain append: cheap on the batch insert), the fold that
// sums the deltas into the cubes (the store runs it every second, and before a read when rows
// were taken out), and bulk deletes that adjust the cubes per block instead of per row.
//
// INSERT OR REPLACE deletes the old row before inserting the new one; that delete fires the
// delete trigger only with PRAGMA recursive_triggers = ON, which every connection that writes
// must set (openSqliteStore does), or a replaced row would be counted twice.
import type Database from 'better-sqlite3';
import { ALL_SPANS, CUBES, DELTA_COLUMNS, DELTA_TABLE, HOUR_MS, buildCubesSql, createRollupTables, deltaPerHour, deltaValuesOf, foldStatements, rebuildBlockSql, settleAfterRemoval } from '../rollup-cubes.js';

const ADD_TRIGGER = `CREATE TRIGGER usage_rollup_add AFTER INSERT ON usage BEGIN
    INSERT INTO ${DELTA_TABLE} (${DELTA_COLUMNS.join(', ')}) VALUES (${deltaValuesOf('NEW', 1).join(', ')});
  END;`;

const SUB_TRIGGER = `CREATE TRIGGER usage_rollup_sub AFTER DELETE ON usage BEGIN
    INSERT INTO ${DELTA_TABLE} (${DELTA_COLUMNS.join(', ')}) VALUES (${deltaValuesOf('OLD', -1).join(', ')});
  END;`;

/** Migration: the cubes and the delta table, filled from the rows already in the ledger, then the triggers. */
export const SQLITE_ROLLUP_MIGRATION = `${createRollupTables('INTEGER', true)}
  CREATE INDEX ${DELTA_TABLE}_removed ON ${DELTA_TABLE} (requests) WHERE requests < 0;
  ${buildCubesSql().join(';\n  ')};
  ${ADD_TRIGGER}
  ${SUB_TRIGGER}`;

/** The fold's statements, prepared once per connection. */
export interface RollupFold {
  /** Sums every pending delta into the cubes and empties the delta table, in one transaction. */
  run(): void;
  /** Whether rows were taken out since the last fold (their groups' latest times are stale until it runs). */
  removalsPending(): boolean;
}

const FOLD_TABLE = 'temp.usage_rollup_fold';

/** Prepares the fold on `db` (which must be migrated). */
export function prepareFold(db: Database.Database): RollupFold {
  // The deltas summed per hour and group once, so that each cube's statement groups few rows.
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS usage_rollup_fold AS SELECT * FROM ${DELTA_TABLE} WHERE 0`);
  const pending = db.prepare(`SELECT EXISTS (SELECT 1 FROM ${DELTA_TABLE}) AS p`).pluck();
  const removed = db.prepare(`SELECT EXISTS (SELECT 1 FROM ${DELTA_TABLE} WHERE requests < 0) AS r`).pluck();
  const gather = [db.prepare(`DELETE FROM ${FOLD_TABLE}`), db.prepare(`INSERT INTO ${FOLD_TABLE} (${DELTA_COLUMNS.join(', ')}) ${deltaPerHour(DELTA_TABLE)}`)];
  const add = foldStatements(FOLD_TABLE, 'sqlite').map((sql) => db.prepare(sql));
  const settle = settleAfterRemoval(`(SELECT * FROM ${DELTA_TABLE} WHERE requests < 0)`).map((sql) => db.prepare(sql));
  const clear = db.prepare(`DELETE FROM ${DELTA_TABLE}`);
  const fold = db.transaction(() => {
    if (!pending.get()) return;
    for (const s of [...gather, ...add]) s.run();
    if (removed.get()) for (const s of settle) s.run();
    clear.run();
  });
  return { run: () => fold(), removalsPending: () => Boolean(removed.get()) };
}

/**
 * Deletes the ledger rows before `before` (every row when undefined) and returns how many. The
 * delete trigger is dropped for the statement (inside the transaction, so no one sees it
 * missing): whole blocks leave the cubes in one statement each, and the blocks the cutoff splits
 * are rebuilt (their hour from the ledger, longer blocks from the hours), instead of a delta per
 * deleted row.
 */
export function bulkDelete(db: Database.Database, fold: RollupFold, before: number | undefined): number {
  const where = before === undefined ? '' : ' WHERE ts < ?';
  const args = before === undefined ? [] : [before];
  if (!db.prepare(`SELECT 1 FROM usage${where} LIMIT 1`).get(...args)) return 0;
  return db.transaction(() => {
    fold.run();
    db.exec('DROP TRIGGER usage_rollup_sub');
    const deleted = db.prepare(`DELETE FROM usage${where}`).run(...args).changes;
    if (before === undefined) for (const c of CUBES) db.exec(`DELETE FROM ${c.table}`);
    else {
      // Hours first: the longer blocks are rebuilt from them.
      for (const span of ALL_SPANS) {
        const size = span * HOUR_MS;
        const start: number = before - (((before % size) + size) % size);
        const cubes = CUBES.filter((c) => c.spans.includes(span));
        for (const c of cubes) db.prepare(`DELETE FROM ${c.table} WHERE span_hours = ? AND hour < ?`).run(span, start);
        if (start === before) continue;
        for (const c of cubes) db.prepare(`DELETE FROM ${c.table} WHERE span_hours = ? AND hour = ?`).run(span, start);
        for (const sql of rebuildBlockSql(span, start)) db.exec(sql);
      }
    }
    db.exec(SUB_TRIGGER);
    return deleted;
  })();
}
