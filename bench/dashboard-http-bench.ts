// The dashboard as a user meets it, for `npm run bench`: a real gateway process on a ledger of
// BENCH_DASHBOARD_ROWS rows (default 1,000,000) over the last 30 days, signed in as the admin and
// as a tenant through /dashboard/api/login, timing every dashboard answer over HTTP; then the
// largest gap a streamed answer in flight sees while those answers are computed, against the same
// stream alone; and the dashboard's first-load size. SQLite always, PostgreSQL when a server
// answers. Figures only: nothing here passes or fails.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, startGatewayProcess, tempDir, writeConfig, type GatewayProcess } from '../test/support/gateway-process.js';
import { startFakeUpstream, type FakeUpstream } from '../test/support/fake-upstream.js';
import { freshSchema, postgresTestUrl } from '../test/support/postgres.js';
import { BUSY_TENANT, writePostgresLedger, writeSqliteLedger } from './dashboard-ledger.js';

const DAY_MS = 86_400_000;
const RUNS = 5;
const ADMIN_PASSWORD = 'bench-admin-password';
const TENANT_IDS = Array.from({ length: 20 }, (_, i) => `tenant-${String(i).padStart(2, '0')}`);
const keyOf = (id: string): string => `bench-key-${id}`;
/** A stream of this many text deltas, one every STREAM_EVENT_MS: about 4 s in flight. */
const STREAM_DELTAS = 200;
const STREAM_EVENT_MS = 20;

interface Session {
  cookie: string;
  base: string;
}

/** Signs in through the dashboard's own login and returns its session cookie. */
async function signIn(base: string, body: Record<string, string>): Promise<Session> {
  const res = await fetch(`${base}/dashboard/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('sign-in set no cookie');
  return { cookie, base };
}

async function get(s: Session, path: string): Promise<void> {
  const res = await fetch(`${s.base}${path}`, { headers: { cookie: s.cookie } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
}

interface Endpoint {
  name: string;
  run: () => Promise<void>;
}

function endpoints(admin: Session, tenant: Session, base: string): Endpoint[] {
  const now = Date.now();
  const yearAgo = now - 365 * DAY_MS;
  return [
    { name: 'admin  /usage 30 days by day, Asia/Shanghai', run: () => get(admin, '/dashboard/api/usage?range=30d&tz=Asia/Shanghai') },
    { name: 'admin  /usage 30 days, 3 tenants overlaid', run: () => get(admin, `/dashboard/api/usage?range=30d&tz=Asia/Shanghai&tenants=${TENANT_IDS.slice(0, 3).join(',')}`) },
    { name: 'admin  /usage one tenant, 30 days, Asia/Kolkata', run: () => get(admin, `/dashboard/api/usage?range=30d&tz=Asia/Kolkata&tenantId=${BUSY_TENANT}`) },
    { name: 'admin  /usage today by hour', run: () => get(admin, '/dashboard/api/usage?range=today&tz=UTC') },
    { name: 'admin  /usage a year by day', run: () => get(admin, `/dashboard/api/usage?from=${yearAgo}&to=${now}&bucket=day&tz=UTC`) },
    { name: 'admin  /tenants 30 days (20 tenants)', run: () => get(admin, '/dashboard/api/tenants?range=30d') },
    { name: 'admin  /recent 100', run: () => get(admin, '/dashboard/api/recent?limit=100') },
    { name: 'admin  /upstreams', run: () => get(admin, '/dashboard/api/upstreams') },
    { name: 'tenant /usage 30 days', run: () => get(tenant, '/dashboard/api/usage?range=30d') },
    { name: 'tenant /usage today', run: () => get(tenant, '/dashboard/api/usage?range=today') },
    { name: 'tenant /limits', run: () => get(tenant, '/dashboard/api/limits') },
    { name: 'tenant /recent 100', run: () => get(tenant, '/dashboard/api/recent?limit=100') },
    {
      name: 'tenant status line (key)',
      run: async () => {
        const res = await fetch(`${base}/anthropic/ccgate/statusline`, { headers: { 'x-api-key': keyOf(BUSY_TENANT) } });
        await res.text();
        if (res.status !== 200) throw new Error(`statusline: ${res.status}`);
      },
    },
  ];
}

/** Streams one answer through the gateway; the largest gap between two chunks the client saw, ms. */
async function streamMaxGapMs(base: string): Promise<number> {
  const res = await fetch(`${base}/anthropic/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': keyOf(TENANT_IDS[1]!),
      'anthropic-version': '2023-06-01',
      'x-fake-scenario': JSON.stringify({ eventDelayMs: STREAM_EVENT_MS, deltas: STREAM_DELTAS, text: 'x'.repeat(STREAM_DELTAS * 4) }),
    },
    body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 1024, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  if (!res.body) throw new Error(`stream: ${res.status}`);
  let last = performance.now();
  let maxGap = 0;
  for await (const _chunk of res.body) {
    const t = performance.now();
    maxGap = Math.max(maxGap, t - last);
    last = t;
  }
  return maxGap;
}

/** Max stream gap alone and while the dashboard answers run back to back, best of 3 each. */
async function stallGap(base: string, list: Endpoint[]): Promise<{ alone: number; loaded: number; queries: number }> {
  const alone: number[] = [];
  for (let i = 0; i < 3; i++) alone.push(await streamMaxGapMs(base));
  const loaded: number[] = [];
  let queries = 0;
  for (let i = 0; i < 3; i++) {
    let streaming = true;
    const load = (async () => {
      while (streaming) for (const e of list) if (streaming) (await e.run(), queries++);
    })();
    loaded.push(await streamMaxGapMs(base));
    streaming = false;
    await load;
  }
  return { alone: Math.min(...alone), loaded: Math.min(...loaded), queries };
}

function config(dir: string, fake: FakeUpstream, databaseUrl: string | undefined): void {
  const upstreams = ['primary', 'mirror-a', 'mirror-b'].map((id) => ({ id, url: fake.url, key: fake.key, forwardHeaders: ['x-fake-scenario'] }));
  const tenants = TENANT_IDS.map((id, i) => ({
    id,
    key: keyOf(id),
    timezone: i % 2 ? 'America/New_York' : 'Asia/Shanghai',
    limits: { daily: { maxUSD: 500 }, weekly: { maxUSD: 2_000 }, monthly: { maxUSD: 8_000 }, '5h': { maxUSD: 200 }, requestsPerMinute: 1_000, concurrentRequests: 50 },
  }));
  writeConfig(dir, {
    'server.json': {
      server: { host: '127.0.0.1' },
      logging: { level: 'warn', enableConsole: false },
      admin: { username: 'admin', password: ADMIN_PASSWORD },
      ...(databaseUrl ? { storage: { databaseUrl } } : {}),
    },
    'upstreams.json': { upstreams, loadBalancer: { strategy: 'round_robin' } },
    'tenants.json': { tenants },
  });
}

async function benchOne(label: string, dataDir: string, databaseUrl: string | undefined, rows: number): Promise<string[]> {
  const fake = await startFakeUpstream();
  const configDir = tempDir('ccgate-bench-config-');
  config(configDir, fake, databaseUrl);
  let gw: GatewayProcess | undefined;
  try {
    const t0 = performance.now();
    // BENCH_GATEWAY_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the gateway.
    const nodeArgs = process.env['BENCH_GATEWAY_NODE_ARGS']?.split(' ').filter(Boolean) ?? [];
    gw = await startGatewayProcess({ configDir, dataDir, nodeArgs, startTimeoutMs: 30 * 60_000 }); // an upgraded ledger's rollup is built at start
    const startMs = performance.now() - t0;
    const admin = await signIn(gw.baseUrl, { kind: 'admin', username: 'admin', password: ADMIN_PASSWORD });
    const tenant = await signIn(gw.baseUrl, { kind: 'tenant', apiKey: keyOf(BUSY_TENANT) });
    const list = endpoints(admin, tenant, gw.baseUrl);
    const out = [`${label}: ${rows.toLocaleString('en-US')} ledger rows over 30 days; first start (rollup built from the ledger) ${(startMs / 1000).toFixed(1)} s`];
    out.push(`  ${'answer'.padEnd(50)} ${'median ms'.padStart(10)} ${'max ms'.padStart(8)}`);
    for (const e of list) {
      await e.run(); // warm: first read of a range, JIT
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await e.run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      out.push(`  ${e.name.padEnd(50)} ${times[Math.floor(RUNS / 2)]!.toFixed(1).padStart(10)} ${times.at(-1)!.toFixed(1).padStart(8)}`);
    }
    const gap = await stallGap(gw.baseUrl, list);
    out.push(
      `  stream in flight (an event every ${STREAM_EVENT_MS} ms): largest gap alone ${gap.alone.toFixed(1)} ms, while ${gap.queries} dashboard answers ran ${gap.loaded.toFixed(1)} ms (+${(gap.loaded - gap.alone).toFixed(1)} ms; target ≤ +50 ms)`,
    );
    return out;
  } finally {
    await gw?.stop();
    await fake.close();
  }
}

/** The dashboard's first load (web/size-report.mjs over the build). */
function firstLoad(): string[] {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'web/size-report.mjs')], { encoding: 'utf8' });
  return r.status === 0 ? [`dashboard first load: ${r.stdout.trim().split('\n').join('; ')}`] : [`dashboard first load: not measured (${(r.stderr || r.stdout).trim()})`];
}

/** Runs the bench; lines to print. */
export async function dashboardHttpBench(): Promise<string[]> {
  const rows = Number(process.env['BENCH_DASHBOARD_ROWS'] ?? 1_000_000);
  const now = Date.now();
  const out = firstLoad();
  const sqliteDir = tempDir('ccgate-bench-data-');
  writeSqliteLedger(join(sqliteDir, 'ccgate.db'), rows, now - 30 * DAY_MS, now);
  out.push(...(await benchOne('SQLite', sqliteDir, undefined, rows)));
  const pgUrl = process.env['BENCH_DASHBOARD_SQLITE_ONLY'] === '1' ? undefined : await postgresTestUrl().catch(() => undefined);
  if (pgUrl) {
    const schema = await freshSchema(pgUrl);
    try {
      await writePostgresLedger(schema.url, rows, now - 30 * DAY_MS, now);
      out.push(...(await benchOne('PostgreSQL', tempDir('ccgate-bench-data-'), schema.url, rows)));
    } finally {
      await schema.drop();
    }
  } else {
    out.push('PostgreSQL: no server answered (set CCGATE_TEST_DATABASE_URL): skipped');
  }
  return out;
}
