// `ccgate clean`: deletes logs and usage data after a confirmation (`--yes` skips it).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { openBudgetStore, openStore } from '../storage/open-store.js';
import { resolvePaths, type PathOptions } from './paths.js';

export interface CleanFlags extends PathOptions {
  yes?: boolean;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** Removes log files and every ledger row; returns the exit code. */
export async function runClean(flags: CleanFlags, out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const { configDir, dataDir } = resolvePaths(flags);
  let logDir = join(dataDir, 'logs');
  let databaseUrl: string | undefined;
  try {
    const config = loadConfig(configDir, dataDir);
    logDir = config.logging.directory;
    databaseUrl = config.storage.databaseUrl;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
  }
  const target = databaseUrl ? 'the PostgreSQL ledger' : join(dataDir, 'ccgate.db');
  if (!flags.yes && !(await confirm(`Delete all logs in ${logDir} and all usage data in ${target}? [y/N] `))) {
    out('Nothing deleted (run with --yes to skip the question).\n');
    return 1;
  }
  let files = 0;
  if (existsSync(logDir)) {
    for (const f of readdirSync(logDir)) {
      rmSync(join(logDir, f), { force: true, recursive: true });
      files++;
    }
  }
  const legacyUsage = join(dataDir, 'usage');
  if (existsSync(legacyUsage)) rmSync(legacyUsage, { recursive: true, force: true });
  const sqliteFile = join(dataDir, 'ccgate.db');
  let rows = 0;
  if (databaseUrl || existsSync(sqliteFile)) {
    const store = await openStore(databaseUrl, sqliteFile);
    await store.migrate();
    rows = await store.deleteAll();
    // Shared budget counters live beside the ledger in PostgreSQL: they go too.
    const budgets = await openBudgetStore(databaseUrl, store);
    await budgets.clear();
    await budgets.close();
    await store.close();
  }
  out(`Deleted ${files} log file(s) and ${rows} usage row(s).\n`);
  return 0;
}
