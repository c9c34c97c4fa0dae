// The PostgreSQL ledger against the shared store contract, plus what only a shared server has:
// concurrent start-up, per-pool integer parsing, paged export. Skipped without a server (not in CI).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { MIGRATION_LOCK_KEY, SchemaTooNewError } from '../../../src/storage/postgres/migrate.js';
import { POSTGRES_MIGRATIONS } from '../../../src/storage/postgres/migrations.js';
import { type PostgresStoreOptions, openPostgresStore } from '../../../src/storage/postgres/postgres-store.js';
import type { UsageStore } from '../../../src/storage/types.js';
import { type FreshSchema, POSTGRES_SKIP, freshSchema, postgresTestUrl } from '../../support/postgres.js';
import { T0, collect, ledgerRow } from './ledger-rows.js';
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
});
