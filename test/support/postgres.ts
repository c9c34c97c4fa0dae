// Finds the test PostgreSQL server and gives each test an isolated schema, so test files can run
// in parallel against one database; PG tests skip (locally) or fail (CI) when there is none.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Used when CCGATE_TEST_DATABASE_URL is unset; matches the role and database .ci/run creates. */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://ccgate:ccgate@127.0.0.1:5432/ccgate_test';
/** The node:test skip reason of PostgreSQL tests without a server. */
export const POSTGRES_SKIP = 'PostgreSQL not reachable; set CCGATE_TEST_DATABASE_URL';
const PROBE_TIMEOUT_MS = 3_000;

/**
 * The test database URL if a server answers there, else undefined. With CCGATE_REQUIRE_POSTGRES=1
 * (CI) an unreachable server throws instead, so the PG suite can never be skipped unnoticed.
 */
export async function postgresTestUrl(): Promise<string | undefined> {
  const url = process.env['CCGATE_TEST_DATABASE_URL'] || DEFAULT_TEST_DATABASE_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return url;
  } catch (err) {
    if (process.env['CCGATE_REQUIRE_POSTGRES'] === '1') {
      throw new Error(`CCGATE_REQUIRE_POSTGRES=1 but PostgreSQL is not reachable: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A schema of its own on the test database. */
export interface FreshSchema {
  name: string;
  /** `baseUrl` with search_path set to this schema, so unqualified tables land in it. */
  url: string;
  /** Drops the schema and everything in it. Close stores on it first. */
  drop(): Promise<void>;
}

/** Adds `-c search_path=<schema>` to the URL's startup options (keeping any already there). */
export function withSearchPath(baseUrl: string, schema: string): string {
  const url = new URL(baseUrl);
  const prior = url.searchParams.get('options');
  url.searchParams.set('options', `${prior ? `${prior} ` : ''}-c search_path=${schema}`);
  return url.toString();
}

async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty, uniquely named schema on `baseUrl`'s database. */
export async function freshSchema(baseUrl: string): Promise<FreshSchema> {
  // Lower-case letters, digits and _ only, so the name needs no quoting anywhere.
  const name = `ccgate_t_${process.pid}_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `CREATE SCHEMA ${name}`);
  return {
    name,
    url: withSearchPath(baseUrl, name),
    drop: () => adminQuery(baseUrl, `DROP SCHEMA IF EXISTS ${name} CASCADE`),
  };
}
