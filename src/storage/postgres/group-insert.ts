// Group commit of ledger rows on PostgreSQL: the rows settled in one event-loop turn go to the
// server as one multi-row INSERT, one round trip and one WAL flush for all of them, and each row's
// promise settles when that statement has committed. So a row is still durable on the server
// before its answer's last byte (kill -9 of the gateway loses nothing), as with one INSERT per row,
// while under load the commits per second stop growing with requests per second. Batches of
// different turns may be in flight together (up to the pool's size), so a slow commit does not
// hold the next turn's rows back.
import type pg from 'pg';
import { LEDGER_COLUMNS, columnValues } from '../columns.js';
import type { LedgerRow } from '../types.js';

const COLS = LEDGER_COLUMNS.map(([, c]) => c);
/** Rows per statement: PostgreSQL takes at most 65,535 parameters in one. */
export const MAX_ROWS_PER_INSERT = Math.floor(65_535 / COLS.length);
const UPSERT = ` ON CONFLICT (request_id) DO UPDATE SET ${COLS.filter((c) => c !== 'request_id').map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;

const statements = new Map<number, string>();
/** `INSERT … VALUES (…), (…) ON CONFLICT …` for `rows` rows; the common sizes are kept. */
function insertSql(rows: number): string {
  let sql = statements.get(rows);
  if (!sql) {
    const tuples: string[] = [];
    for (let r = 0; r < rows; r++) tuples.push(`(${COLS.map((_, i) => `$${r * COLS.length + i + 1}`).join(', ')})`);
    sql = `INSERT INTO usage (${COLS.join(', ')}) VALUES ${tuples.join(', ')}${UPSERT}`;
    if (rows <= 64) statements.set(rows, sql);
  }
  return sql;
}

interface Waiting {
  row: LedgerRow;
  resolve(): void;
  reject(err: unknown): void;
}

/** An insert that joins the rows of one event-loop turn into one committed statement. */
export function groupInserter(pool: Pick<pg.Pool, 'query'>): (row: LedgerRow) => Promise<void> {
  let pending: Waiting[] = [];

  const send = async (batch: Waiting[]): Promise<void> => {
    // A request settled twice in one turn (a retried settle) is written once, as its last row:
    // ON CONFLICT cannot touch one row twice in a statement.
    const last = new Map<string, LedgerRow>();
    for (const w of batch) last.set(w.row.requestId, w.row);
    const rows = [...last.values()];
    try {
      for (let i = 0; i < rows.length; i += MAX_ROWS_PER_INSERT) {
        const part = rows.slice(i, i + MAX_ROWS_PER_INSERT);
        await pool.query(insertSql(part.length), part.flatMap((r) => columnValues(r, false)));
      }
      for (const w of batch) w.resolve();
    } catch (err) {
      if (rows.length === 1) {
        for (const w of batch) w.reject(err);
        return;
      }
      // One bad row (a value out of range, say) must not fail the others of its turn: each alone.
      const alone = new Map(await Promise.all(rows.map(async (r) => [r.requestId, await insertOne(r)] as const)));
      for (const w of batch) {
        const failure = alone.get(w.row.requestId);
        if (failure === undefined) w.resolve();
        else w.reject(failure);
      }
    }
  };
  /** Inserts one row; resolves to its error, or undefined once committed. */
  const insertOne = (row: LedgerRow): Promise<unknown> =>
    pool.query(insertSql(1), columnValues(row, false)).then(
      () => undefined,
      (err: unknown) => err ?? new Error('insert failed'),
    );

  return (row) =>
    new Promise<void>((resolve, reject) => {
      if (pending.length === 0) {
        setImmediate(() => {
          const batch = pending;
          pending = [];
          void send(batch);
        });
      }
      pending.push({ row, resolve, reject });
    });
}
