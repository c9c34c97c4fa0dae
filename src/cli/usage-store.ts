// Shared shell of the `ccgate usage` commands: load the config, open the ledger it points at
// (PostgreSQL by URL, else the SQLite file in the data folder), and turn failures into exit codes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config/load-config.js';
import type { GatewayConfig } from '../config/types.js';
import { openStore } from '../storage/open-store.js';
import type { UsageStore } from '../storage/types.js';
import { resolvePaths, type PathOptions } from './paths.js';

/** Exit code of a wrong command line (bad date, missing argument); 1 is a failure of the work itself. */
export const EXIT_USAGE = 2;

/** A failure the user can fix, printed without a stack trace. */
export class UsageCommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'UsageCommandError';
  }
}

/** The loaded config and its open, migrated ledger. */
export interface UsageContext {
  config: GatewayConfig;
  store: UsageStore;
  /** The ledger named for messages (the SQLite path; never the database URL, which holds a password). */
  ledgerName: string;
}

/**
 * Opens the configured ledger. `mustExist`: a missing SQLite file is an error rather than a new,
 * empty ledger (export and prune from the wrong folder should say so, not report 0 rows).
 */
export async function openUsageContext(flags: PathOptions, mustExist: boolean): Promise<UsageContext> {
  const { configDir, dataDir } = resolvePaths(flags);
  const config = loadConfig(configDir, dataDir);
  const sqliteFile = join(config.dataDir, 'ccgate.db');
  const databaseUrl = config.storage.databaseUrl;
  if (!databaseUrl && mustExist && !existsSync(sqliteFile)) throw new UsageCommandError(`No usage ledger at ${sqliteFile} (check --data)`, 1);
  const store = await openStore(databaseUrl, sqliteFile);
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return { config, store, ledgerName: databaseUrl ? 'the PostgreSQL ledger' : sqliteFile };
}

/** Runs a command body; prints a known failure as one message on stderr and returns its exit code. */
export async function runUsageCommand(body: () => Promise<number>, err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageCommandError) {
      err(`${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof ConfigError) {
      err(`Config has problems:\n${e.message.split('\n').map((l) => `  - ${l}`).join('\n')}\n`);
      return 1;
    }
    err(`Failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** Runs `fn` with the opened context and always closes the store. */
export async function withUsageContext<T>(flags: PathOptions, mustExist: boolean, fn: (ctx: UsageContext) => Promise<T>): Promise<T> {
  const ctx = await openUsageContext(flags, mustExist);
  try {
    return await fn(ctx);
  } finally {
    await ctx.store.close();
  }
}
