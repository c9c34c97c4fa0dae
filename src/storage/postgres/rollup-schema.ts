// The PostgreSQL hourly rollups (rollup-cubes.ts): their tables, the statement-level triggers
// (with transition tables) that turn ledger writes into delta rows, and the fold that sums the
// deltas into the cubes.
//
// Several instances insert at once, and every request of a tenant, model and upstream in one hour
// meets the same cube rows: updating them per insert would serialise those inserts on the rows'
// locks for the length of a commit (measured: 2,345 concurrent inserts went from 1 s to 11 s). So
// an insert only appends to usage_hourly_delta, which nobody updates; reads add the pending
// deltas to the cubes; FOLD_ROLLUP_SQL moves them into the cubes every few seconds.
//
// Taking rows out (DELETE, and the UPDATE of ON CONFLICT DO UPDATE, which replaces a row) is rare:
// it appends negative deltas, then, under the advisory lock every fold takes, folds and settles
// the groups it touched (drops emptied cube rows, recomputes their latest time from the ledger in
// statements of their own, so with fresh snapshots). A concurrent insert is either folded and
// visible to those snapshots, or still a delta that reads add with MAX: the result stays exact.
import { DELTA_COLUMNS, DELTA_TABLE, buildCubesSql, createRollupTables, deltaPerHour, foldStatements, negated, rollupFromLedger, settleAfterRemoval } from '../rollup-cubes.js';

/** Advisory lock key taken by whoever folds deltas into the cubes ("CCGROL" in ASCII). */
export const ROLLUP_LOCK_KEY = 0x43_43_47_52_4f_4c;

const COLUMNS = DELTA_COLUMNS.join(', ');
const FOLDS = foldStatements('per_hour', 'postgres');

/**
 * One statement that folds every pending delta into every cube, unless another session holds the
 * fold lock (then it does nothing; the deltas stay correct where they are). Re-entrant: a
 * transaction that holds the lock folds.
 */
export const FOLD_ROLLUP_SQL = `WITH lock AS (SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK_KEY}) AS ok),
  moved AS (DELETE FROM ${DELTA_TABLE} WHERE (SELECT ok FROM lock) RETURNING *),
  per_hour (${COLUMNS}) AS (${deltaPerHour('moved')}),
  ${FOLDS.slice(0, -1).map((sql, i) => `c${i} AS (${sql})`).join(',\n  ')}
  ${FOLDS.at(-1)!}`;

const OLD_GROUPS = rollupFromLedger('TRUE', 'old_rows');

const FUNCTION = `CREATE FUNCTION ccgate_usage_rollup() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO ${DELTA_TABLE} (${COLUMNS}) ${rollupFromLedger('TRUE', 'new_rows')};
  END IF;
  IF TG_OP <> 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
      INSERT INTO ${DELTA_TABLE} (${COLUMNS}) ${negated(OLD_GROUPS)};
      PERFORM pg_advisory_xact_lock(${ROLLUP_LOCK_KEY});
      ${FOLD_ROLLUP_SQL};
      ${settleAfterRemoval(`(${OLD_GROUPS})`).join(';\n      ')};
    END IF;
  END IF;
  RETURN NULL;
END
$fn$`;

/**
 * Migration: the cubes and the delta table, the cubes filled from the rows already in the
 * ledger, and the triggers. The ledger is locked against writes first (instances still running
 * the previous version may be inserting), so no row lands between the backfill and the triggers.
 */
export const POSTGRES_ROLLUP_MIGRATION = `LOCK TABLE usage IN SHARE ROW EXCLUSIVE MODE;
  ${createRollupTables('BIGINT', false)}
  ${buildCubesSql().join(';\n  ')};
  ${FUNCTION};
  CREATE TRIGGER usage_rollup_insert AFTER INSERT ON usage REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ccgate_usage_rollup();
  CREATE TRIGGER usage_rollup_update AFTER UPDATE ON usage REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ccgate_usage_rollup();
  CREATE TRIGGER usage_rollup_delete AFTER DELETE ON usage REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ccgate_usage_rollup();`;
