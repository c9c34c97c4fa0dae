// The page cache of one SQLite connection (the writer's fixed size; storage.sqliteCacheSize for the reader).
import type Database from 'better-sqlite3';

/**
 * Sets a connection's page cache. SQLite fills it with the pages the connection reads (and writes)
 * and then reuses it, so the process's RSS rises by up to this much and then stays flat.
 */
export function setCacheSize(db: Database.Database, cacheBytes: number | undefined): void {
  if (cacheBytes !== undefined) db.pragma(`cache_size = -${Math.max(1, Math.ceil(cacheBytes / 1024))}`);
}
