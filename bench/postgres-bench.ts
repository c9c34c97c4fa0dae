// Budgets across instances for `npm run bench` (issue 13): two gateway instances sharing one
// PostgreSQL database, a tenant with four budget windows, 50 connections split over both — requests/s
// and p99 beside one instance on SQLite in the same run, for one tenant (every request takes that
// tenant's lock in turn) and spread over ten tenants; then the overspend: 100 requests at once,
// half to each instance, from a tenant whose daily limit fits a handful of them. Figures only.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { basicConfig, MAIN_JS, tempDir, writeConfig } from '../test/support/gateway-process.js';
import { freshSchema, postgresTestUrl } from '../test/support/postgres.js';
import { measure, type LoadResult } from './load.js';
import { spawnNode, type Child } from './spawn-node.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const UPSTREAM_KEY = 'sk-bench-upstream-key';
const LOAD_KEY = 'ccg-bench-pg-load-tenant-key-000';
/** Ten more tenants for the load spread over tenants, as a team's traffic is. */
const SPREAD_KEYS = Array.from({ length: 10 }, (_, i) => `ccg-bench-pg-spread-tenant-key-${String(i).padStart(2, '0')}`);
const TIGHT_KEY = 'ccg-bench-pg-tight-tenant-key-00';
const CONNECTIONS = 50;
const PARALLEL = 100;
/** The tight tenant's daily limit; a small request costs ~$0.0015 at Sonnet's prices. */
const TIGHT_LIMIT_USD = 0.01;
const BIG = { maxUSD: 1e6 };
const body = JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] });

async function gateways(configDir: string, count: number): Promise<Child[]> {
  return Promise.all(Array.from({ length: count }, () => spawnNode(MAIN_JS, ['--config', configDir, '--data', tempDir('ccgate-bench-pg-data-'), '--port', '0', '--host', '127.0.0.1'])));
}

function config(upstreamUrl: string, storage: Record<string, unknown>): string {
  const dir = tempDir('ccgate-bench-pg-');
  const limits = { daily: BIG, weekly: BIG, monthly: BIG, '5h': BIG, requestsPerMinute: 10_000_000, concurrentRequests: 10_000 };
  const tenants = [
    ...[LOAD_KEY, ...SPREAD_KEYS].map((key, i) => ({ id: `load${i}`, key, limits })),
    { id: 'tight', key: TIGHT_KEY, limits: { daily: { maxUSD: TIGHT_LIMIT_USD } } },
  ];
  writeConfig(dir, basicConfig([{ id: 'fake', url: upstreamUrl, key: UPSTREAM_KEY }], tenants, { storage }));
  return dir;
}

/** 50 connections split evenly over the instances and tenant keys, measured together: summed req/s, worst p99. */
async function load(instances: Child[], keys: string[], durationSec: number): Promise<LoadResult> {
  const pairs = instances.flatMap((gw) => keys.map((key) => ({ gw, key })));
  const spec = ({ gw, key }: { gw: Child; key: string }) => ({ url: `http://127.0.0.1:${gw.port}/anthropic/v1/messages`, headers: { 'content-type': 'application/json', 'x-api-key': key }, body, connections: Math.max(1, Math.round(CONNECTIONS / pairs.length)) });
  await Promise.all(pairs.map((p) => measure({ ...spec(p), durationSec: 1 })));
  const results = await Promise.all(pairs.map((p) => measure({ ...spec(p), durationSec })));
  return results.reduce((a, r) => ({ rps: a.rps + r.rps, p50Ms: Math.max(a.p50Ms, r.p50Ms), p99Ms: Math.max(a.p99Ms, r.p99Ms), errors: a.errors + r.errors, non2xx: a.non2xx + r.non2xx, requests: a.requests + r.requests }));
}

export async function postgresBench(durationSec: number): Promise<string[]> {
  const base = await postgresTestUrl().catch(() => undefined);
  if (!base) return ['PostgreSQL budgets: skipped (no server at CCGATE_TEST_DATABASE_URL)'];
  const fake = await spawnNode(join(HERE, 'fake-upstream-main.js'), [], { FAKE_KEY: UPSTREAM_KEY });
  const upstreamUrl = `http://127.0.0.1:${fake.port}`;
  const schema = await freshSchema(base);
  const started: Child[] = [];
  try {
    const [sqlite] = await gateways(config(upstreamUrl, {}), 1);
    started.push(sqlite!);
    const onSqlite = await load([sqlite!], [LOAD_KEY], durationSec);
    const onSqliteSpread = await load([sqlite!], SPREAD_KEYS, durationSec);
    await sqlite!.stop();
    const pair = await gateways(config(upstreamUrl, { databaseUrl: schema.url }), 2);
    started.push(...pair);
    const onPostgres = await load(pair, [LOAD_KEY], durationSec);
    const onPostgresSpread = await load(pair, SPREAD_KEYS, durationSec);
    // The overspend: every request is admitted or refused by the shared counters at once.
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, async (_, i) => {
        const res = await fetch(`http://127.0.0.1:${pair[i % 2]!.port}/anthropic/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': TIGHT_KEY }, body });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    const spent = await client.query<{ n: string; nano: string; max: string }>("SELECT COUNT(*) AS n, COALESCE(SUM(charged_cost_nano), 0) AS nano, COALESCE(MAX(charged_cost_nano), 0) AS max FROM usage WHERE tenant_id = 'tight' AND status = 200");
    await client.end();
    const row = spent.rows[0]!;
    const limitNano = TIGHT_LIMIT_USD * 1e9;
    const over = Math.max(0, Number(row.nano) - limitNano);
    const fmt = (r: LoadResult) => `${r.rps.toFixed(0)} req/s, p99 ${r.p99Ms} ms${r.errors + r.non2xx ? ` (${r.errors} errors, ${r.non2xx} non-2xx)` : ''}`;
    return [
      `Budgets across instances (small non-streaming, tenant with daily/weekly/monthly/5h budgets, ${CONNECTIONS} connections, ${durationSec}s; PostgreSQL on loopback):`,
      `| setup | one tenant: req/s | p99 ms | ÷ SQLite | ten tenants: req/s | p99 ms | ÷ SQLite |`,
      `|---|---|---|---|---|---|---|`,
      `| one instance, SQLite | ${onSqlite.rps.toFixed(0)} | ${onSqlite.p99Ms} | 1.00 | ${onSqliteSpread.rps.toFixed(0)} | ${onSqliteSpread.p99Ms} | 1.00 |`,
      `| two instances, one PostgreSQL | ${onPostgres.rps.toFixed(0)} | ${onPostgres.p99Ms} | ${(onPostgres.rps / onSqlite.rps).toFixed(2)} | ${onPostgresSpread.rps.toFixed(0)} | ${onPostgresSpread.p99Ms} | ${(onPostgresSpread.rps / onSqliteSpread.rps).toFixed(2)} |`,
      `  one tenant — SQLite: ${fmt(onSqlite)}; PostgreSQL pair: ${fmt(onPostgres)}. Ten tenants — SQLite: ${fmt(onSqliteSpread)}; PostgreSQL pair: ${fmt(onPostgresSpread)}`,
      `Overspend: ${PARALLEL} requests at once over both instances, daily limit $${TIGHT_LIMIT_USD}: ${answers.filter((s) => s === 200).length} answered 200, ${answers.filter((s) => s === 429).length} refused 429; spent $${(Number(row.nano) / 1e9).toFixed(6)} in ${row.n} rows, over the limit by $${(over / 1e9).toFixed(6)} (${((over / limitNano) * 100).toFixed(1)}%; one request costs up to $${(Number(row.max) / 1e9).toFixed(6)})`,
    ];
  } finally {
    await Promise.all(started.map((g) => g.stop()));
    await fake.stop();
    await schema.drop();
  }
}
