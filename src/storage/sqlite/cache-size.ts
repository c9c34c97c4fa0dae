// The page cache of one SQLite connection (storage.sqliteCacheSize).
import type Database from 'better-sqlite3';

/**
 * Sets a connection's page cache. SQLite fills it as the ledger grows and then reuses it, so a
 * gateway's RSS rises by up to this much per connection over its first hundred thousand or so
 * requests and then stays flat (the soak shows it); a small machine can trade it for more reads
 * from the OS file cache.
 */
export function setCacheSize(db: Database.Database, cacheBytes: number | undefined): void {
  if (cacheBytes !== undefined) db.pragma(`cache_size = -${Math.max(1, Math.ceil(cacheBytes / 1024))}`);
}
