// Dashboard reads at scale for `npm run bench` (or alone: node dist/bench/dashboard-store-bench.js):
// BENCH_DASHBOARD_ROWS ledger rows (default 1,000,000) over 30 days, then the dashboard's store
// queries on SQLite and PostgreSQL (when CCGATE_TEST_DATABASE_URL or the local default answers),
// with the main thread's event-loop delay while they run against the same process idle. Figures
// only, nothing here passes or fails.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { AggregateQuery, UsageStore } from '../src/storage/types.js';
import { tempDir } from '../test/support/gateway-process.js';
import { postgresTestUrl } from '../test/support/postgres.js';
import { BUSY_TENANT, writePostgresLedger, writeSqliteLedger } from './dashboard-ledger.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Asia/Shanghai is UTC+8 all year. */
const SHANGHAI_MS = 8 * HOUR_MS;
const RUNS = 5;

interface Named {
  name: string;
  run: (store: UsageStore) => Promise<unknown>;
}

/** Starts of `days` local days (UTC+offset) ending with the one containing `now`. */
function dayStarts(now: number, days: number, offsetMs: number): number[] {
  const today = Math.floor((now + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
  return Array.from({ length: days }, (_, i) => today - (days - 1 - i) * DAY_MS);
}

function queries(now: number): Named[] {
  const month = dayStarts(now, 30, SHANGHAI_MS);
  const year = dayStarts(now, 365, SHANGHAI_MS);
  const today = month.at(-1)!;
  const hours = Array.from({ length: Math.ceil((now - today) / HOUR_MS) }, (_, i) => today + i * HOUR_MS);
  const monthQ = (q: Partial<AggregateQuery>): AggregateQuery => ({ from: month[0]!, to: now, groupBy: [], ...q });
  return [
    { name: '(a) month, 30 Shanghai days', run: (s) => s.aggregate(monthQ({ bucketStarts: month })) },
    { name: '(b) month by model', run: (s) => s.aggregate(monthQ({ groupBy: ['model'] })) },
    { name: '(c) month by tenant', run: (s) => s.aggregate(monthQ({ groupBy: ['tenant'] })) },
    { name: '(d) month tenant×model×day', run: (s) => s.aggregate(monthQ({ groupBy: ['tenant', 'model'], bucketStarts: month })) },
    { name: "(e) a tenant's today by hour", run: (s) => s.aggregate({ from: today, to: now, groupBy: [], tenantIds: [BUSY_TENANT], bucketStarts: hours }) },
    { name: '(f) recent 100', run: (s) => s.recent({ from: month[0]!, to: now }, 100) },
    { name: '(f) recent 100, one tenant', run: (s) => s.recent({ from: month[0]!, to: now, tenantId: BUSY_TENANT }, 100) },
    { name: '(g) year by day', run: (s) => s.aggregate({ from: year[0]!, to: now, groupBy: [], bucketStarts: year }) },
    { name: '    totals, month', run: (s) => s.totals({ from: month[0]!, to: now }) },
    { name: '    series by hour, month', run: (s) => s.series({ from: month[0]!, to: now }, 'hour') },
  ];
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const ms = (ns: number): string => (ns / 1e6).toFixed(1);

/**
 * Median and worst wall time of `runs` runs after one warm-up, and the median CPU time of this
 * process (every thread: for SQLite that includes the read worker, so it is the query's own cost
 * even on a busy machine; for PostgreSQL only the client's share).
 */
async function timed(store: UsageStore, q: Named, runs: number): Promise<string> {
  await q.run(store);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    times.push(await timeMs(() => q.run(store)));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return `    ${q.name.padEnd(36)} median ${median(times).toFixed(1).padStart(7)} ms   max ${Math.max(...times).toFixed(1).padStart(7)} ms   cpu ${median(cpu).toFixed(1).padStart(7)} ms`;
}

/**
 * Over `fn`: this thread's event-loop delay (p99 / max; on a loaded machine it includes waiting
 * for a CPU) and the time its loop was busy (work that would delay a concurrent stream).
 */
async function loopDelay(fn: () => Promise<unknown>): Promise<string> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  const elu0 = performance.eventLoopUtilization();
  h.enable();
  await fn();
  h.disable();
  const elu = performance.eventLoopUtilization(elu0);
  return `delay p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms; loop busy ${elu.active.toFixed(0)} of ${(elu.active + elu.idle).toFixed(0)} ms`;
}

/** The query times of `store`, the same via the ledger alone (`plain`, for the slow ones), and the loop delay. */
async function measure(label: string, store: UsageStore, plain: UsageStore, now: number): Promise<string[]> {
  const qs = queries(now);
  const out = [`  ${label}:`];
  for (const q of qs) out.push(await timed(store, q, RUNS));
  for (const q of [qs[0]!, qs[3]!]) out.push(await timed(plain, { ...q, name: `${q.name.slice(0, 22)}, ledger only` }, 3));
  const idle = await loopDelay(() => new Promise((r) => setTimeout(r, 1_000)));
  const busy = await loopDelay(async () => {
    for (let round = 0; round < 3; round++) for (const q of qs) await q.run(store);
  });
  out.push(`    main thread, idle 1 s: ${idle}`, `    main thread, the queries above 3×: ${busy}`);
  return out;
}

async function sqlite(count: number, from: number, now: number): Promise<string[]> {
  const dir = tempDir('ccgate-bench-dashboard-');
  const file = join(dir, 'ccgate.db');
  const genMs = await timeMs(async () => writeSqliteLedger(file, count, from, now));
  const store = openSqliteStore(file);
  const plain = openSqliteStore(file, undefined, { aggregateSource: 'ledger' });
  try {
    const migrateMs = await timeMs(() => store.migrate());
    await plain.migrate();
    const head = `  SQLite: rows written in ${(genMs / 1000).toFixed(1)} s, migration building the rollup ${(migrateMs / 1000).toFixed(1)} s`;
    return [head, ...(await measure('SQLite (reads on the worker thread)', store, plain, now))];
  } finally {
    await plain.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(count: number, from: number, now: number): Promise<string[]> {
  const base = await postgresTestUrl().catch(() => undefined);
  if (!base) return ['  PostgreSQL: not measured (no server; set CCGATE_TEST_DATABASE_URL)'];
  const { openPostgresStore } = await import('../src/storage/postgres/postgres-store.js');
  const { freshSchema } = await import('../test/support/postgres.js');
  const schema = await freshSchema(base);
  try {
    const genMs = await timeMs(() => writePostgresLedger(schema.url, count, from, now));
    const store = openPostgresStore(schema.url);
    const plain = openPostgresStore(schema.url, { aggregateSource: 'ledger' });
    try {
      const migrateMs = await timeMs(() => store.migrate());
      await plain.migrate();
      const head = `  PostgreSQL: rows written in ${(genMs / 1000).toFixed(1)} s, migration building the rollup ${(migrateMs / 1000).toFixed(1)} s`;
      return [head, ...(await measure('PostgreSQL', store, plain, now))];
    } finally {
      await plain.close();
      await store.close();
    }
  } finally {
    await schema.drop();
  }
}

/** Runs the dashboard store measurements and returns the lines to print. */
export async function dashboardStoreBench(): Promise<string[]> {
  const count = Number(process.env['BENCH_DASHBOARD_ROWS'] ?? 1_000_000);
  const now = Date.now();
  const from = now - 30 * DAY_MS;
  return [
    `Dashboard store reads: ${count.toLocaleString('en')} ledger rows over 30 days (20 tenants, 6 models, 3 upstreams); median of ${RUNS} after a warm-up`,
    ...(await sqlite(count, from, now)),
    ...(await postgres(count, from, now)),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.stdout.write(`${(await dashboardStoreBench()).join('\n')}\n`);
}
