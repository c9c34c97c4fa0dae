// Chooses the ledger: PostgreSQL when a connection URL is configured, else the SQLite file.
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { UsageStore } from './types.js';

/** Opens the configured store (not yet migrated). */
export async function openStore(databaseUrl: string | undefined, sqliteFile: string): Promise<UsageStore> {
  if (databaseUrl) {
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    return openPostgresStore(databaseUrl);
  }
  return openSqliteStore(sqliteFile);
}
