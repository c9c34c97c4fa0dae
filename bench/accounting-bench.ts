// Accounting figures for `npm run bench`: what a ledger write costs (SQLite: journal append plus
// the batched insert, and
// PostgreSQL when CCGATE_TEST_DATABASE_URL reaches one), and how long usage queries over a month
// of data (100k rows) take. Figures only, printed with the baseline measured in the same run.
import { join } from 'node:path';
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { LedgerRow, UsageStore } from '../src/storage/types.js';
import { request } from 'undici';
import { hashPassword } from '../src/domain/password.js';
import { startGatewayProcess, tempDir, writeConfig } from '../test/support/gateway-process.js';
import { postgresTestUrl } from '../test/support/postgres.js';

const DAY_MS = 86_400_000;

function row(i: number, ts: number): LedgerRow {
  return {
    requestId: `req_bench_${i}`, ts, tenantId: `tenant-${i % 10}`, endpoint: 'anthropic', modelRequested: i % 3 ? 'claude-sonnet-4-6' : 'claude-opus-4-8',
    modelServed: i % 3 ? 'claude-sonnet-4-6' : 'claude-opus-4-8', upstreamId: `up${i % 3}`, attempts: 1, status: i % 50 ? 200 : 529, errorType: i % 50 ? null : 'overloaded',
    stream: true, inputTokens: 1200, outputTokens: 300, cacheWrite5mTokens: 100, cacheWrite1hTokens: 2000, cacheReadTokens: 40_000,
    listCostNano: 25_000_000, chargedCostNano: 25_000_000, upstreamCostNano: 7_500_000, priceFlagged: false, durationMs: 5000, ttfbMs: 800, userAgent: 'claude-cli/2.1.0', usageEstimated: false,
  };
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Per-row cost of awaited single inserts and of concurrent inserts, each run ended by a read so
 * that rows a store batches (SQLite's journal) are in the table: the batch insert is counted too.
 */
async function writeCost(store: UsageStore, label: string, n: number): Promise<string> {
  const now = Date.now();
  const settled = () => store.totals({ from: now, to: now + 1 });
  const seq = await timeMs(async () => {
    for (let i = 0; i < n; i++) await store.insert(row(i, now));
    await settled();
  });
  const conc = await timeMs(async () => {
    for (let i = 0; i < n; i += 100) await Promise.all(Array.from({ length: 100 }, (_, k) => store.insert(row(n + i + k, now))));
    await settled();
  });
  return `  ${label.padEnd(10)} one at a time ${((seq * 1000) / n).toFixed(0).padStart(5)} µs/row   100 concurrent ${((conc * 1000) / n).toFixed(1).padStart(6)} µs/row`;
}

/** Answer times of the usage queries over a month of 100k rows. */
async function monthQueries(store: UsageStore, from: number, to: number): Promise<string[]> {
  const rows = 100_000;
  for (let i = 0; i < rows; i += 1000) await Promise.all(Array.from({ length: 1000 }, (_, k) => store.insert(row(1_000_000 + i + k, from + Math.floor(((i + k) / rows) * 30 * DAY_MS)))));
  const q = { from, to };
  const out = [`  ${rows} rows over 30 days, 10 tenants:`];
  out.push(`    totals (all)          ${(await timeMs(() => store.totals(q))).toFixed(1)} ms`);
  out.push(`    totals (one tenant)   ${(await timeMs(() => store.totals({ ...q, tenantId: 'tenant-3' }))).toFixed(1)} ms`);
  out.push(`    by model              ${(await timeMs(() => store.totalsBy(q, 'model'))).toFixed(1)} ms`);
  out.push(`    by tenant             ${(await timeMs(() => store.totalsBy(q, 'tenant'))).toFixed(1)} ms`);
  out.push(`    daily series          ${(await timeMs(() => store.series(q, 'day'))).toFixed(1)} ms`);
  out.push(`    hourly series         ${(await timeMs(() => store.series(q, 'hour'))).toFixed(1)} ms`);
  out.push(`    recent 100            ${(await timeMs(() => store.recent(q, 100))).toFixed(1)} ms`);
  return out;
}

async function timedGet(url: string, headers: Record<string, string>, init: { method?: 'GET' | 'POST'; body?: string } = {}): Promise<string> {
  const t0 = performance.now();
  const res = await request(url, { method: init.method ?? 'GET', headers, ...(init.body ? { body: init.body } : {}) });
  await res.body.text();
  const ms = performance.now() - t0;
  return `${ms.toFixed(1).padStart(7)} ms  (HTTP ${res.statusCode})`;
}

/** Answer times of the usage API of a gateway serving the month of rows in `dataDir`. */
async function usageApiTimes(dataDir: string, from: number, to: number): Promise<string[]> {
  const configDir = tempDir('ccgate-bench-usage-');
  const password = 'bench-admin-password';
  writeConfig(configDir, {
    'server.json': { logging: { enableConsole: false }, admin: { username: 'admin', passwordHash: await hashPassword(password) } },
    'tenants.json': { tenants: Array.from({ length: 10 }, (_, i) => ({ id: `tenant-${i}`, key: `ccg-bench-usage-tenant-${i}-key` })) },
  });
  const gw = await startGatewayProcess({ configDir, dataDir });
  try {
    const login = await request(`${gw.baseUrl}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    const { token } = (await login.body.json()) as { token: string };
    const admin = { authorization: `Bearer ${token}` };
    const tenant = { 'x-api-key': 'ccg-bench-usage-tenant-3-key' };
    const range = `from=${from}&to=${to}`;
    return [
      '  usage API over HTTP (gateway process on that file, month range):',
      `    GET /admin/api/usage                 ${await timedGet(`${gw.baseUrl}/admin/api/usage?${range}`, admin)}`,
      `    GET /admin/api/usage/series (day)    ${await timedGet(`${gw.baseUrl}/admin/api/usage/series?${range}&bucket=day`, admin)}`,
      `    GET /admin/api/usage/recent          ${await timedGet(`${gw.baseUrl}/admin/api/usage/recent?${range}`, admin)}`,
      `    GET /api/usage (one tenant)          ${await timedGet(`${gw.baseUrl}/api/usage?${range}`, tenant)}`,
      `    POST /usage (admin, today)           ${await timedGet(`${gw.baseUrl}/usage`, { 'content-type': 'application/json' }, { method: 'POST', body: JSON.stringify({ type: 'admin', username: 'admin', password }) })}`,
    ];
  } finally {
    await gw.stop();
  }
}

/** Runs the accounting measurements and returns the lines to print. */
export async function accountingBench(): Promise<string[]> {
  const lines = ['Ledger write cost (rows are durable when insert() resolves):'];
  const dataDir = tempDir('ccgate-bench-ledger-');
  const sqlite = openSqliteStore(join(dataDir, 'ccgate.db'));
  await sqlite.migrate();
  lines.push(await writeCost(sqlite, 'SQLite', 5_000));
  const pgUrl = await postgresTestUrl().catch(() => undefined);
  if (pgUrl) {
    try {
      const { openPostgresStore } = await import('../src/storage/postgres/postgres-store.js');
      const { freshSchema } = await import('../test/support/postgres.js');
      const schema = await freshSchema(pgUrl);
      const pg = openPostgresStore(schema.url);
      await pg.migrate();
      lines.push(await writeCost(pg, 'PostgreSQL', 1_000));
      await pg.close();
      await schema.drop();
    } catch (err) {
      lines.push(`  PostgreSQL: not measured (${(err as Error).message})`);
    }
  }
  const to = Date.now();
  const from = to - 30 * DAY_MS;
  lines.push('', 'Usage queries over a month (SQLite):', ...(await monthQueries(sqlite, from, to)));
  await sqlite.close();
  lines.push(...(await usageApiTimes(dataDir, from, to)));
  return lines;
}
