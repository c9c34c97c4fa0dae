// `npm run bench`: the fake upstream, a bare pass-through proxy and the gateway, measured in one
// run on the same machine: small non-streaming, small streaming and a Claude-Code-sized stream,
// at 10 and 50 connections. Prints requests/s, p50/p99 and the ratios gateway ÷ bare proxy and
// gateway ÷ direct, plus the gateway's RSS; the small workloads also through the OpenAI endpoint
// (bench/openai-workloads.ts); then the ledger's costs (accounting-bench.ts), budgets across two
// instances on PostgreSQL (postgres-bench.ts), failover, and the
// dashboard over a million rows: store reads and HTTP answers (dashboard-*-bench.ts, BENCH_DASHBOARD_ROWS).
// Figures only: nothing here is a pass/fail test.
// After the workloads: system calls per request (syscall-bench.ts, with strace), a per-stage CPU
// breakdown of each workload (stage-bench.ts: a profiled gateway) and 1,000 concurrent slow streams
// (slow-streams-bench.ts); `npm run bench -- proxy` stops there.
// `npm run bench -- soak` runs the soak instead (bench/soak.ts: SOAK_SECONDS of mixed traffic with
// faults, RSS and event-loop delay over time, requests lost); `npm run bench -- dashboard` only the
// dashboard's benches; `npm run bench -- postgres` only budgets across two instances on PostgreSQL
// (postgres-bench.ts); `npm run bench -- slow` only the slow streams.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basicConfig, MAIN_JS, tempDir, writeConfig } from '../test/support/gateway-process.js';
import { accountingBench } from './accounting-bench.js';
import { jsonScanBench } from './json-scan-bench.js';
import { claudeCodeBody } from './claude-code-body.js';
import { dashboardHttpBench } from './dashboard-http-bench.js';
import { dashboardStoreBench } from './dashboard-store-bench.js';
import { failoverBench } from './failover-bench.js';
import { measure, type LoadResult } from './load.js';
import { measureOpenaiTwins, openaiSummary } from './openai-workloads.js';
import { postgresBench } from './postgres-bench.js';
import { slowStreamsBench } from './slow-streams-bench.js';
import { soak } from './soak.js';
import { stageBench, type ProfiledWorkload } from './stage-bench.js';
import { syscallBench } from './syscall-bench.js';
import { spawnNode, type Child } from './spawn-node.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DURATION_SEC = Number(process.env['BENCH_SECONDS'] ?? 5);
const WARMUP_SEC = 1;
/** Connections of the profiled runs behind the per-stage breakdown. */
const STAGE_CONNECTIONS = 10;
const TENANT_KEY = 'ccg-bench-tenant-key-000000000';
const UPSTREAM_KEY = 'sk-bench-upstream-key';

interface Workload {
  name: string;
  body: string;
  scenario: string;
}

const small = (stream: boolean) => JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 100, stream, messages: [{ role: 'user', content: 'Hello' }] });
const WORKLOADS: Workload[] = [
  { name: 'small non-streaming', body: small(false), scenario: '{}' },
  { name: 'small streaming', body: small(true), scenario: '{}' },
  { name: 'Claude Code stream (72KB in, ~200 events out)', body: claudeCodeBody(), scenario: '{"deltas":196}' },
];

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

/** CPU time (user + system, all threads) a process has used, in µs; 0 where /proc is missing. */
function cpuMicros(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

function fmt(r: LoadResult): string {
  return `${r.rps.toFixed(0).padStart(7)} req/s  p50 ${String(r.p50Ms).padStart(4)} ms  p99 ${String(r.p99Ms).padStart(4)} ms${r.errors + r.non2xx ? `  (${r.errors} errors, ${r.non2xx} non-2xx)` : ''}`;
}

async function main(): Promise<void> {
  const fake = await spawnNode(join(HERE, 'fake-upstream-main.js'), [], { FAKE_KEY: UPSTREAM_KEY });
  const upstreamUrl = `http://127.0.0.1:${fake.port}`;
  const bare = await spawnNode(join(HERE, 'bare-proxy.js'), [], { TARGET: upstreamUrl, UPSTREAM_KEY });
  const configDir = tempDir('ccgate-bench-');
  // x-fake-scenario picks each workload's answer: forwarded to the fake by this upstream only.
  // The tenant has what real configs have: four budget windows (never reached), a rate and a
  // concurrency limit, so admission does all its work in every request measured.
  const limits = { daily: { maxUSD: 1e6 }, weekly: { maxUSD: 1e6 }, monthly: { maxUSD: 1e6 }, '5h': { maxUSD: 1e6 }, requestsPerMinute: 10_000_000, concurrentRequests: 10_000 };
  writeConfig(configDir, basicConfig([{ id: 'fake', url: upstreamUrl, key: UPSTREAM_KEY, forwardHeaders: ['x-fake-scenario'] }], [{ id: 'bench', key: TENANT_KEY, timezone: 'Asia/Shanghai', limits }]));
  const gateway: Child = await spawnNode(MAIN_JS, ['--config', configDir, '--data', tempDir('ccgate-bench-data-'), '--port', '0', '--host', '127.0.0.1']);
  const targets = [
    { name: 'direct', url: `${upstreamUrl}/v1/messages`, key: UPSTREAM_KEY, pid: undefined },
    { name: 'bare proxy', url: `http://127.0.0.1:${bare.port}/anthropic/v1/messages`, key: 'unused', pid: bare.proc.pid },
    { name: 'gateway', url: `http://127.0.0.1:${gateway.port}/anthropic/v1/messages`, key: TENANT_KEY, pid: gateway.proc.pid },
  ];
  process.stdout.write(`CCGate bench: ${DURATION_SEC}s per cell after ${WARMUP_SEC}s of warm-up, node ${process.version}, ${WORKLOADS.length} workloads × 2 concurrency levels\n\n`);
  const summary: string[] = [];
  const openaiRows: string[] = [];
  const profiled: ProfiledWorkload[] = [];
  let stages: string[] = [];
  let syscalls: string[] = [];
  try {
    for (const w of WORKLOADS) {
      for (const connections of [10, 50]) {
        const results: Record<string, LoadResult> = {};
        // The quieter figure on a shared machine: the proxy's own CPU per request.
        const cpuPerRequest: Record<string, number> = {};
        process.stdout.write(`${w.name}, ${connections} connections\n`);
        for (const t of targets) {
          const spec = { url: t.url, headers: { 'content-type': 'application/json', 'x-api-key': t.key, 'anthropic-version': '2023-06-01', 'x-fake-scenario': w.scenario }, body: w.body, connections };
          // Warm-up, not recorded: each process runs its optimised code and has its connections
          // open before it is measured (a gateway serves for days; its first second is not its speed).
          await measure({ ...spec, durationSec: WARMUP_SEC });
          const cpu0 = cpuMicros(t.pid);
          const r = await measure({ ...spec, durationSec: DURATION_SEC });
          cpuPerRequest[t.name] = r.requests ? (cpuMicros(t.pid) - cpu0) / r.requests : 0;
          results[t.name] = r;
          process.stdout.write(`  ${t.name.padEnd(11)} ${fmt(r)}\n`);
        }
        const g = results['gateway']!;
        const b = results['bare proxy']!;
        const d = results['direct']!;
        const line = `| ${w.name} | ${connections} | ${d.rps.toFixed(0)} | ${b.rps.toFixed(0)} | ${g.rps.toFixed(0)} | ${(g.rps / b.rps).toFixed(2)} | ${(g.rps / d.rps).toFixed(2)} | ${b.p99Ms} | ${g.p99Ms} | ${(g.p99Ms - b.p99Ms).toFixed(0)} | ${cpuPerRequest['bare proxy']!.toFixed(0)} | ${cpuPerRequest['gateway']!.toFixed(0)} | ${rssMb(gateway.proc.pid)} |`;
        summary.push(line);
        if (connections === STAGE_CONNECTIONS) profiled.push({ ...w, gatewayCpuUs: cpuPerRequest['gateway']!, bareCpuUs: cpuPerRequest['bare proxy']! });
        for (const openai of await measureOpenaiTwins(w.name, connections, { port: gateway.port, key: TENANT_KEY, durationSec: DURATION_SEC }, g)) {
          openaiRows.push(openai.row);
          process.stdout.write(`  ${openai.endpoint.padEnd(11)} ${fmt(openai.result)}\n  ratio ${openai.endpoint}/gateway-claude ${openai.ratio}\n`);
        }
        process.stdout.write(`  ratio gateway/bare ${(g.rps / b.rps).toFixed(2)}, gateway/direct ${(g.rps / d.rps).toFixed(2)}, p99 gateway−bare ${g.p99Ms - b.p99Ms} ms, CPU per request bare ${cpuPerRequest['bare proxy']!.toFixed(0)} µs / gateway ${cpuPerRequest['gateway']!.toFixed(0)} µs, gateway RSS ${rssMb(gateway.proc.pid)} MB\n\n`);
      }
    }
    const traced = targets.filter((t) => t.pid).map((t) => ({ name: t.name, pid: t.pid, url: t.url, headers: { 'content-type': 'application/json', 'x-api-key': t.key, 'anthropic-version': '2023-06-01', 'x-fake-scenario': '{}' } }));
    syscalls = await syscallBench(WORKLOADS.slice(0, 2), traced);
    await gateway.stop();
    stages = await stageBench({ configDir, key: TENANT_KEY, workloads: profiled, connections: STAGE_CONNECTIONS, durationSec: DURATION_SEC, warmupSec: WARMUP_SEC });
  } finally {
    await Promise.all([gateway.stop(), bare.stop(), fake.stop()]);
  }
  process.stdout.write('| workload | conns | direct req/s | bare req/s | gateway req/s | gw÷bare | gw÷direct | bare p99 ms | gw p99 ms | Δp99 ms | bare CPU µs/req | gw CPU µs/req | gw RSS MB |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n');
  process.stdout.write(`${summary.join('\n')}\n`);
  process.stdout.write(openaiSummary(openaiRows));
  process.stdout.write(`\n${stages.join('\n')}\n`);
  process.stdout.write(`\n${syscalls.join('\n')}\n`);
  process.stdout.write(`\n${(await slowStreamsBench()).join('\n')}\n`);
  if (process.argv[2] === 'proxy') return;
  process.stdout.write(`\n${(await accountingBench()).join('\n')}\n`);
  process.stdout.write(`\n${(await postgresBench(DURATION_SEC)).join('\n')}\n`);
  process.stdout.write(`\n${jsonScanBench().join('\n')}\n`);
  process.stdout.write(`\n${(await failoverBench(DURATION_SEC)).join('\n')}\n`);
  await dashboard();
}

/** The dashboard's benches alone: `npm run bench -- dashboard`. */
async function dashboard(): Promise<void> {
  process.stdout.write(`\n${(await dashboardStoreBench()).join('\n')}\n`);
  process.stdout.write(`\n${(await dashboardHttpBench()).join('\n')}\n`);
}

if (process.argv[2] === 'soak') await soak();
else if (process.argv[2] === 'dashboard') await dashboard();
else if (process.argv[2] === 'slow') process.stdout.write(`${(await slowStreamsBench()).join('\n')}\n`);
else if (process.argv[2] === 'postgres') process.stdout.write(`${(await postgresBench(DURATION_SEC)).join('\n')}\n`);
else await main();
