// Group commit of ledger rows on PostgreSQL (group-insert.ts): the rows of one event-loop turn are
// one statement, each promise settles only after its statement committed, and one bad row does not
// fail the rows it was grouped with.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { groupInserter, MAX_ROWS_PER_INSERT } from '../../../src/storage/postgres/group-insert.js';
import { openPostgresStore } from '../../../src/storage/postgres/postgres-store.js';
import type { UsageStore } from '../../../src/storage/types.js';
import { type FreshSchema, POSTGRES_SKIP, freshSchema, postgresTestUrl } from '../../support/postgres.js';
import { collect, ledgerRow } from './ledger-rows.js';

const baseUrl = await postgresTestUrl();
const cleanup: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

/** A stand-in pool that records each statement's row count and answers when told to. */
function recordingPool() {
  const statements: Array<{ rows: number; params: unknown[]; commit(): void }> = [];
  return {
    statements,
    query(sql: string, params: unknown[]) {
      const rows = (sql.match(/\), \(/g)?.length ?? 0) + 1;
      return new Promise<void>((resolve) => statements.push({ rows, params, commit: resolve }));
    },
  };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('PostgreSQL group insert', () => {
  it('sends the rows of one turn as one statement and resolves each only after it committed', async () => {
    const pool = recordingPool();
    const insert = groupInserter(pool as never);
    let settled = 0;
    const first = Array.from({ length: 30 }, (_, i) => insert(ledgerRow(`a-${i}`)).then(() => settled++));
    await turn();
    const second = [insert(ledgerRow('b-0')).then(() => settled++), insert(ledgerRow('b-1')).then(() => settled++)];
    await turn();
    assert.deepEqual(pool.statements.map((s) => s.rows), [30, 2]);
    assert.equal(settled, 0, 'nothing resolves before its commit');
    pool.statements[1]!.commit();
    await Promise.all(second);
    assert.equal(settled, 2);
    pool.statements[0]!.commit();
    await Promise.all(first);
    assert.equal(settled, 32);
  });

  it('writes a request settled twice in one turn once, as its last row, and splits batches past the parameter limit', async () => {
    const pool = recordingPool();
    const insert = groupInserter(pool as never);
    const done = [insert(ledgerRow('same', { status: 500 })), insert(ledgerRow('same', { status: 200 }))];
    for (let i = 0; i < MAX_ROWS_PER_INSERT + 5; i++) done.push(insert(ledgerRow(`many-${i}`)));
    await turn();
    // The first statement carries the single `same` row with status 200 among its rows.
    assert.equal(pool.statements[0]!.rows, MAX_ROWS_PER_INSERT);
    assert.equal(pool.statements[0]!.params.filter((p) => p === 'same').length, 1);
    assert.ok(pool.statements[0]!.params.includes(200) && !pool.statements[0]!.params.includes(500));
    for (;;) {
      const open = pool.statements.length;
      pool.statements.at(-1)!.commit();
      await turn();
      if (pool.statements.length === open) break;
    }
    assert.deepEqual(pool.statements.map((s) => s.rows), [MAX_ROWS_PER_INSERT, 6]);
    await Promise.all(done);
  });

  it('on PostgreSQL: commits the good rows of a turn and refuses only the bad one', { skip: baseUrl ? false : POSTGRES_SKIP }, async () => {
    const schema: FreshSchema = await freshSchema(baseUrl!);
    const store: UsageStore = openPostgresStore(schema.url);
    cleanup.push(() => schema.drop(), () => store.close());
    await store.migrate();
    // 2^70 input tokens do not fit a BIGINT column: an upstream's absurd usage must cost only its own row.
    const results = await Promise.allSettled([store.insert(ledgerRow('good-1')), store.insert(ledgerRow('bad', { inputTokens: 2 ** 70 })), store.insert(ledgerRow('good-2'))]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    const ids = (await collect(store.rows({ from: 0, to: Number.MAX_SAFE_INTEGER }))).map((r) => r.requestId).sort();
    assert.deepEqual(ids, ['good-1', 'good-2']);
  });
});
