// The PostgreSQL ledger against the shared store contract, plus what only a shared server has:
// concurrent start-up, per-pool integer parsing, paged export. Skipped without a server (not in CI).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { LEDGER_COLUMNS, columnValues } from '../../../src/storage/columns.js';
import { MIGRATION_LOCK_KEY, SchemaTooNewError, migratePostgres } from '../../../src/storage/postgres/migrate.js';
import { POSTGRES_MIGRATIONS } from '../../../src/storage/postgres/migrations.js';
import { POSTGRES_ROLLUP_MIGRATION } from '../../../src/storage/postgres/rollup-schema.js';
import { type PostgresStoreOptions, openPostgresStore } from '../../../src/storage/postgres/postgres-store.js';
import { FOLD_ROLLUP_SQL } from '../../../src/storage/postgres/rollup-schema.js';
import type { UsageStore } from '../../../src/storage/types.js';
import { type FreshSchema, POSTGRES_SKIP, freshSchema, postgresTestUrl } from '../../support/postgres.js';
import { insertMany } from './aggregate-contract.js';
import { prng, randomLedger } from './aggregate-reference.js';
import { DAY_MS, T0, collect, ledgerRow } from './ledger-rows.js';
import { assertSamePaths, rollupMismatchSql } from './rollup-checks.js';
import { runStoreContract } from './store-contract.js';

const baseUrl = await postgresTestUrl();
const schemas: FreshSchema[] = [];
const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER };

async function schema(): Promise<FreshSchema> {
  if (!baseUrl) throw new Error(POSTGRES_SKIP);
  const s = await freshSchema(baseUrl);
  schemas.push(s);
  return s;
}

/** Runs `fn` on one plain client of `url`, for setting up or inspecting what a store wrote. */
async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const START = Date.UTC(2025, 2, 14);
async function rollupMismatches(url: string): Promise<number> {
  return withClient(url, async (c) => Number((await c.query<{ n: string }>(rollupMismatchSql())).rows[0]!.n));
}

async function withStore(url: string, options: PostgresStoreOptions, fn: (s: UsageStore) => Promise<void>): Promise<void> {
  const store = openPostgresStore(url, options);
  try {
    await store.migrate();
    await fn(store);
  } finally {
    await store.close();
  }
}

// Without a server, one skipped test (rather than a skipped suite) so the summary counts it.
if (!baseUrl) it('postgres store', { skip: POSTGRES_SKIP }, () => undefined);
else describe('postgres store', () => {
  after(async () => {
    for (const s of schemas) await s.drop();
  });

  runStoreContract('postgres', async () => openPostgresStore((await schema()).url));

  it('migrates once when two instances start together', async () => {
    const { url } = await schema();
    const stores = Array.from({ length: 4 }, () => openPostgresStore(url));
    try {
      await Promise.all(stores.map((s) => s.migrate()));
      const versions = await withClient(url, async (c) => (await c.query<{ version: number }>('SELECT version FROM ccgate_schema_version ORDER BY version')).rows);
      assert.deepEqual(versions.map((r) => r.version), POSTGRES_MIGRATIONS.map((_, i) => i + 1));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('analyzes the ledger and the rollups after migrating, so the planner knows their size', async () => {
    const { url } = await schema();
    const store = openPostgresStore(url);
    try {
      await store.migrate();
      const analyzed = await withClient(url, async (c) => (await c.query<{ relname: string }>("SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND last_analyze IS NOT NULL ORDER BY relname")).rows.map((r) => r.relname));
      assert.ok(analyzed.includes('usage'), `analyzed: ${analyzed.join(', ')}`);
      assert.ok(analyzed.includes('usage_hourly_tenant_model'), `analyzed: ${analyzed.join(', ')}`);
    } finally {
      await store.close();
    }
  });

  it('waits for the migration lock held by another instance', async () => {
    const { url } = await schema();
    await withClient(url, async (holder) => {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
      const store = openPostgresStore(url);
      try {
        let done = false;
        const migrating = store.migrate().then(() => {
          done = true;
        });
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(done, false, 'migrate() must not run while another instance holds the lock');
        await holder.query('COMMIT');
        await migrating;
        assert.equal(done, true);
      } finally {
        await store.close();
      }
    });
  });

  it('refuses a schema migrated by a newer CCGate', async () => {
    const { url } = await schema();
    await withStore(url, {}, async () => undefined);
    await withClient(url, (c) => c.query('INSERT INTO ccgate_schema_version (version) VALUES ($1)', [POSTGRES_MIGRATIONS.length + 1]));
    const store = openPostgresStore(url);
    try {
      await assert.rejects(store.migrate(), (err: unknown) => err instanceof SchemaTooNewError && err.found === POSTGRES_MIGRATIONS.length + 1);
    } finally {
      await store.close();
    }
  });

  it('pages rows across tied timestamps with a small batch, each row once', async () => {
    const { url } = await schema();
    await withStore(url, { rowsBatchSize: 3 }, async (store) => {
      const tss = [0, 0, 0, 0, 1, 1, 1, 2, 2];
      for (const [i, d] of [...tss.entries()].reverse()) await store.insert(ledgerRow(`r${i}`, { ts: T0 + d }));
      assert.deepEqual((await collect(store.rows(ALL))).map((r) => r.requestId), tss.map((_, i) => `r${i}`));
    });
  });

  it('holds no connection between row batches (an export does not starve inserts)', async () => {
    const { url } = await schema();
    await withStore(url, { rowsBatchSize: 2, maxConnections: 1 }, async (store) => {
      for (const i of [0, 1, 2, 3, 4]) await store.insert(ledgerRow(`r${i}`, { ts: T0 + i }));
      const seen: string[] = [];
      for await (const r of store.rows({ from: T0, to: T0 + 5 })) {
        seen.push(r.requestId);
        // With the only connection held by a cursor this insert would wait forever.
        await store.insert(ledgerRow(`late-${r.requestId}`, { ts: T0 + 100 }));
      }
      assert.deepEqual(seen, ['r0', 'r1', 'r2', 'r3', 'r4']);
    });
  });

  it('refuses a BIGINT beyond 2^53 instead of rounding it', async () => {
    const { url } = await schema();
    await withStore(url, {}, async (store) => {
      await store.insert(ledgerRow('huge'));
      await withClient(url, (c) => c.query("UPDATE usage SET list_cost_nano = 9007199254740993 WHERE request_id = 'huge'"));
      await assert.rejects(store.recent(ALL, 1), RangeError);
      await assert.rejects(store.totals(ALL), RangeError);
    });
  });

  it('parses BIGINT on its own pool only, leaving pg defaults alone', async () => {
    const { url } = await schema();
    await withStore(url, {}, async (store) => {
      await store.insert(ledgerRow('a'));
      assert.equal(typeof (await store.recent(ALL, 1))[0]?.ts, 'number');
      const plain = await withClient(url, async (c) => (await c.query<{ ts: unknown }>('SELECT ts FROM usage')).rows[0]?.ts);
      assert.equal(plain, String(T0));
    });
  });

  it('close() is idempotent', async () => {
    const store = openPostgresStore((await schema()).url);
    await store.migrate();
    await store.close();
    await store.close();
  });

  it('migrating a ledger that has rows but no rollup builds the rollup from them', async () => {
    const { url } = await schema();
    const rows = randomLedger(prng(5), 300, START, 2 * DAY_MS);
    const cols = LEDGER_COLUMNS.map(([, c]) => c);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await migratePostgres(pool, POSTGRES_MIGRATIONS.slice(0, POSTGRES_MIGRATIONS.indexOf(POSTGRES_ROLLUP_MIGRATION)));
      for (const r of rows) await pool.query(`INSERT INTO usage (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, columnValues(r, false));
    } finally {
      await pool.end();
    }
    await withStore(url, {}, async (store) => {
      assert.equal(await rollupMismatches(url), 0);
      assert.equal((await store.totals({ from: START, to: START + 2 * DAY_MS })).requests, rows.length);
    });
  });

  it('stays exact with several instances inserting, replacing, deleting and folding at once', async () => {
    const { url } = await schema();
    const stores = Array.from({ length: 4 }, () => openPostgresStore(url, { maxConnections: 4 }));
    try {
      await Promise.all(stores.map((s) => s.migrate()));
      const rnd = prng(31);
      // Mostly rows of their own, and 15 request ids that every instance stores: those upserts
      // race for the same rows (a replace takes the fold lock, so they are kept few, as in life).
      const batches = stores.map((_, s) => randomLedger(rnd, 150, START, 2 * DAY_MS).map((r, i) => (i < 15 ? r : { ...r, requestId: `${r.requestId}-${s}` })));
      const folds = withClient(url, async (c) => {
        for (let i = 0; i < 20; i++) await c.query(FOLD_ROLLUP_SQL);
      });
      await Promise.all([...stores.map((s, i) => insertMany(s, batches[i]!)), stores[0]!.deleteBefore(START + 5 * 3_600_000 + 17), folds]);
      assert.equal(await rollupMismatches(url), 0);
      await withClient(url, (c) => c.query(FOLD_ROLLUP_SQL));
      assert.equal(await withClient(url, async (c) => (await c.query('SELECT * FROM usage_hourly_delta')).rowCount), 0, 'a fold leaves no delta behind');
      assert.equal(await rollupMismatches(url), 0);
      const plain = openPostgresStore(url, { aggregateSource: 'ledger' });
      try {
        await assertSamePaths(stores[1]!, plain, 32, START, 2 * DAY_MS, 20);
      } finally {
        await plain.close();
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('the rollup path equals the ledger path on random data, with deltas pending and after a fold', async () => {
    const { url } = await schema();
    await withStore(url, {}, async (store) => {
      const rnd = prng(77);
      const rows = randomLedger(rnd, 500, START, 2 * DAY_MS);
      await insertMany(store, rows);
      // One at a time: a replace takes the fold lock, so concurrent ones would only queue.
      for (const r of randomLedger(rnd, 30, START, 2 * DAY_MS).map((x, i) => ({ ...x, requestId: rows[i * 5]!.requestId }))) await store.insert(r);
      await withStore(url, { aggregateSource: 'ledger' }, async (plain) => {
        await assertSamePaths(store, plain, 78, START, 2 * DAY_MS, 20);
        await withClient(url, (c) => c.query(FOLD_ROLLUP_SQL));
        await assertSamePaths(store, plain, 79, START, 2 * DAY_MS, 20);
      });
    });
  });
});
