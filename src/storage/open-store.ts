// Chooses the ledger: PostgreSQL when a connection URL is configured, else the SQLite file.
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { UsageStore } from './types.js';
import type { BudgetStore } from './budget-types.js';
import { MemoryBudgetStore } from './memory-budget-store.js';

/**
 * Opens the configured store (not yet migrated); `onFlushError` hears of SQLite batch inserts that
 * failed (kept and retried); `sqliteCacheBytes` is the page cache of SQLite's read worker
 * (storage.sqliteCacheSize; the writer keeps its own fixed one).
 */
export async function openStore(databaseUrl: string | undefined, sqliteFile: string, onFlushError?: (err: unknown) => void, sqliteCacheBytes?: number): Promise<UsageStore> {
  if (databaseUrl) {
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    return openPostgresStore(databaseUrl);
  }
  return openSqliteStore(sqliteFile, onFlushError, sqliteCacheBytes === undefined ? {} : { cacheBytes: sqliteCacheBytes });
}

/** Opens the budget store matching the usage store: shared in PostgreSQL, else in memory. */
export async function openBudgetStore(databaseUrl: string | undefined, ledger: UsageStore): Promise<BudgetStore> {
  if (databaseUrl) {
    const { openPostgresBudgetStore } = await import('./postgres/postgres-budget-store.js');
    return openPostgresBudgetStore(databaseUrl);
  }
  return new MemoryBudgetStore(ledger);
}
