// The SQLite hourly rollup: its table, the triggers that keep it exact as ledger rows are inserted,
// replaced and deleted, and bulk deletes that adjust it per hour instead of per row.
//
// INSERT OR REPLACE deletes the old row before inserting the new one; that delete fires the
// delete trigger only with PRAGMA recursive_triggers = ON, which every connection that writes
// must set (openSqliteStore does), or a replaced row would be counted twice.
import type Database from 'better-sqlite3';
import { HOUR_MS, ROLLUP_COLUMNS, ROLLUP_SUMS, floorHour, groupLastTsSql, rollupFromLedger, rollupKeyOf, rollupValuesOf } from '../rollup-sql.js';

const KEY = '(hour, tenant_id, model, upstream_id)';

const TABLE = `CREATE TABLE usage_hourly (
    hour INTEGER NOT NULL,
    tenant_id TEXT NOT NULL,
    model TEXT NOT NULL,
    upstream_id TEXT NOT NULL,
    ${ROLLUP_SUMS.map((c) => `${c} INTEGER NOT NULL`).join(',\n    ')},
    last_ts INTEGER NOT NULL,
    PRIMARY KEY ${KEY}
  ) WITHOUT ROWID;
  CREATE INDEX usage_hourly_tenant ON usage_hourly (tenant_id, hour);`;

function keyMatch(r: string): string {
  const k = rollupKeyOf(r);
  return `hour = ${k.hour} AND tenant_id = ${k.tenant_id} AND model = ${k.model} AND upstream_id = ${k.upstream_id}`;
}

const ADD_TRIGGER = (() => {
  const k = rollupKeyOf('NEW');
  const v = rollupValuesOf('NEW');
  return `CREATE TRIGGER usage_hourly_add AFTER INSERT ON usage BEGIN
    INSERT INTO usage_hourly (${ROLLUP_COLUMNS})
    VALUES (${[k.hour, k.tenant_id, k.model, k.upstream_id, ...ROLLUP_SUMS.map((c) => v[c]), 'NEW.ts'].join(', ')})
    ON CONFLICT ${KEY} DO UPDATE SET ${ROLLUP_SUMS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}, last_ts = MAX(last_ts, excluded.last_ts);
  END;`;
})();

/** The delete trigger; its `last_ts` is recomputed from the ledger only when the group's latest row went. */
const SUB_TRIGGER = (() => {
  const v = rollupValuesOf('OLD');
  return `CREATE TRIGGER usage_hourly_sub AFTER DELETE ON usage BEGIN
    UPDATE usage_hourly SET ${ROLLUP_SUMS.map((c) => `${c} = ${c} - ${v[c]}`).join(', ')},
      last_ts = CASE WHEN OLD.ts < last_ts THEN last_ts ELSE ${groupLastTsSql('usage_hourly')} END
    WHERE ${keyMatch('OLD')};
    DELETE FROM usage_hourly WHERE ${keyMatch('OLD')} AND requests = 0;
  END;`;
})();

/** Migration: the rollup table, filled from the rows already in the ledger, then its triggers. */
export const SQLITE_ROLLUP_MIGRATION = `${TABLE}
  INSERT INTO usage_hourly (${ROLLUP_COLUMNS}) ${rollupFromLedger('1')};
  ${ADD_TRIGGER}
  ${SUB_TRIGGER}`;

/**
 * Deletes the ledger rows before `before` (every row when undefined) and returns how many. The
 * delete trigger is dropped for the statement (inside the transaction, so no one sees it
 * missing): whole hours leave the rollup in one statement and the one hour the cutoff splits is
 * rebuilt from the ledger, instead of two rollup updates per deleted row.
 */
export function bulkDelete(db: Database.Database, before: number | undefined): number {
  const where = before === undefined ? '' : ' WHERE ts < ?';
  const args = before === undefined ? [] : [before];
  if (!db.prepare(`SELECT 1 FROM usage${where} LIMIT 1`).get(...args)) return 0;
  return db.transaction(() => {
    db.exec('DROP TRIGGER usage_hourly_sub');
    const deleted = db.prepare(`DELETE FROM usage${where}`).run(...args).changes;
    if (before === undefined) db.exec('DELETE FROM usage_hourly');
    else {
      const split = floorHour(before);
      db.prepare('DELETE FROM usage_hourly WHERE hour < ?').run(split);
      if (split < before) {
        db.prepare('DELETE FROM usage_hourly WHERE hour = ?').run(split);
        db.prepare(`INSERT INTO usage_hourly (${ROLLUP_COLUMNS}) ${rollupFromLedger('u.ts >= ? AND u.ts < ?')}`).run(split, split + HOUR_MS);
      }
    }
    db.exec(SUB_TRIGGER);
    return deleted;
  })();
}
