// Failover figures for `npm run bench` (issue 3): successful requests/s with one of two upstreams
// answering every request with 529, against two healthy upstreams in the same run (target ≥ 0.7×),
// and the latency one failover adds beyond the failed attempt itself (target < 5 ms). Figures
// only: nothing here is a pass/fail test.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { basicConfig, MAIN_JS, tempDir, writeConfig } from '../test/support/gateway-process.js';
import { measure, type LoadResult } from './load.js';
import { spawnNode, type Child } from './spawn-node.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const TENANT_KEY = 'ccg-bench-failover-tenant-key-00';
const UPSTREAM_KEY = 'sk-bench-upstream-key';
const MODEL = 'claude-sonnet-4-6';
/** Sequential failovers timed for the latency figure, after WARMUP_SAMPLES untimed ones. */
const LATENCY_SAMPLES = 300;
const WARMUP_SAMPLES = 50;
const FAILING = JSON.stringify({ status: 529 });
/** Per-request override that makes the failing fake answer normally (see fake-upstream-main.ts). */
const SUCCEED = JSON.stringify({ status: 200 });

interface UpstreamEntry {
  id: string;
  url: string;
  key: string;
  [field: string]: unknown;
}

const body = (model: string) => JSON.stringify({ model, max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] });
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function startFake(scenario: string | undefined): Promise<{ child: Child; url: string }> {
  const child = await spawnNode(join(HERE, 'fake-upstream-main.js'), [], { FAKE_KEY: UPSTREAM_KEY, ...(scenario ? { FAKE_SCENARIO: scenario } : {}) });
  return { child, url: `http://127.0.0.1:${child.port}` };
}

async function startGateway(upstreams: UpstreamEntry[]): Promise<Child> {
  const configDir = tempDir('ccgate-bench-failover-');
  // The fake's scenario header is forwarded, and /metrics is read without a token (loopback only).
  const withScenario = upstreams.map((u) => ({ ...u, forwardHeaders: ['x-fake-scenario'] }));
  writeConfig(configDir, basicConfig(withScenario, [{ id: 'bench', key: TENANT_KEY }], { metrics: { public: true } }));
  return spawnNode(MAIN_JS, ['--config', configDir, '--data', tempDir('ccgate-bench-failover-data-'), '--port', '0', '--host', '127.0.0.1']);
}

/** Sum of ccgate_failovers_total over every label set, read from the gateway's /metrics. */
async function failoversSoFar(gateway: Child): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${gateway.port}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('ccgate_failovers_total{')).reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/** 2xx answers per second of a load run. */
function okRps(r: LoadResult): number {
  return r.requests === 0 ? 0 : (r.rps * (r.requests - r.non2xx)) / r.requests;
}

/** Throughput of the all-healthy and the one-failing gateway at 10 and 50 connections. */
async function throughput(healthy: Child, oneFailing: Child, durationSec: number): Promise<string[]> {
  const lines: string[] = [];
  for (const connections of [10, 50]) {
    const run = (gw: Child) =>
      measure({ url: `http://127.0.0.1:${gw.port}/anthropic/v1/messages`, headers: { 'content-type': 'application/json', 'x-api-key': TENANT_KEY, 'anthropic-version': '2023-06-01' }, body: body(MODEL), connections, durationSec });
    const h = await run(healthy);
    const failoversBefore = await failoversSoFar(oneFailing);
    const f = await run(oneFailing);
    const failedOver = (await failoversSoFar(oneFailing)) - failoversBefore;
    const ratio = okRps(f) / okRps(h);
    lines.push(
      `  ${String(connections).padStart(2)} connections: all healthy ${okRps(h).toFixed(0)} ok req/s, one failing ${okRps(f).toFixed(0)} ok req/s → ${ratio.toFixed(2)}× (target ≥ 0.7×); ` +
        `${f.non2xx + f.errors} failed of ${f.requests}, ${failedOver} failed over; p50 ${h.p50Ms} → ${f.p50Ms} ms, p99 ${h.p99Ms} → ${f.p99Ms} ms`,
    );
  }
  return lines;
}

/** Times one POST (answer read to the end) on a keep-alive pool. */
async function timedPost(pool: Pool, path: string, headers: Record<string, string>, payload: string): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await pool.request({ method: 'POST', path, headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers }, body: payload });
  await res.body.arrayBuffer();
  return { ms: performance.now() - t0, status: res.statusCode };
}

/**
 * Latency of a failover, by subtraction. Passive health takes a failing upstream out after its
 * first failure, so to make every timed request fail over once, each sample gets an upstream
 * entry of its own: `failing-i` (priority 0, serves only model `…-fo<i>`) points at the failing
 * fake, and the healthy upstream (priority 1) serves everything. Sample i first asks for model
 * i with an override that makes the failing fake answer normally (untimed: it opens that entry's
 * connection, so no sample pays a TCP connect), then times a plain success through the gateway
 * (model without suffix: only the healthy upstream serves it), a request for model i (529 →
 * failover) and the failing fake asked directly (the failed attempt's own time).
 */
async function failoverLatency(healthyUrl: string, failingUrl: string): Promise<string[]> {
  const n = WARMUP_SAMPLES + LATENCY_SAMPLES;
  const modelOf = (i: number) => `${MODEL}-fo${i}`;
  const entries: UpstreamEntry[] = [{ id: 'healthy', url: healthyUrl, key: UPSTREAM_KEY, priority: 1 }];
  for (let i = 0; i < n; i++) entries.push({ id: `failing-${i}`, url: failingUrl, key: UPSTREAM_KEY, priority: 0, models: [modelOf(i)] });
  const gateway = await startGateway(entries);
  const viaGateway = new Pool(`http://127.0.0.1:${gateway.port}`, { connections: 1 });
  const direct = new Pool(failingUrl, { connections: 1 });
  const success: number[] = [];
  const failover: number[] = [];
  const direct529: number[] = [];
  let unexpected = 0;
  try {
    for (let i = 0; i < n; i++) {
      const opened = await timedPost(viaGateway, '/anthropic/v1/messages', { 'x-api-key': TENANT_KEY, 'x-fake-scenario': SUCCEED }, body(modelOf(i)));
      const s = await timedPost(viaGateway, '/anthropic/v1/messages', { 'x-api-key': TENANT_KEY }, body(MODEL));
      const f = await timedPost(viaGateway, '/anthropic/v1/messages', { 'x-api-key': TENANT_KEY }, body(modelOf(i)));
      const d = await timedPost(direct, '/v1/messages', { 'x-api-key': UPSTREAM_KEY }, body(MODEL));
      if (opened.status !== 200 || s.status !== 200 || f.status !== 200 || d.status !== 529) unexpected++;
      if (i < WARMUP_SAMPLES) continue;
      success.push(s.ms);
      failover.push(f.ms);
      direct529.push(d.ms);
    }
  } finally {
    await Promise.all([viaGateway.close(), direct.close()]);
    await gateway.stop();
  }
  const extra = p50(failover) - p50(direct529) - p50(success);
  return [
    `  Extra latency of one failover (${LATENCY_SAMPLES} sequential requests that each fail over once, keep-alive, after ${WARMUP_SAMPLES} untimed):`,
    `    p50 failed-over request ${p50(failover).toFixed(2)} ms − p50 direct 529 ${p50(direct529).toFixed(2)} ms − p50 plain success through the gateway ${p50(success).toFixed(2)} ms`,
    `    = ${extra.toFixed(2)} ms added by the failover itself (target < 5 ms)${unexpected ? `; ${unexpected} sample(s) answered unexpectedly` : ''}`,
  ];
}

/** Runs the failover measurements and returns the lines to print. */
export async function failoverBench(durationSec: number): Promise<string[]> {
  const [healthyA, healthyB, failing] = await Promise.all([startFake(undefined), startFake(undefined), startFake(FAILING)]);
  const children: Child[] = [healthyA.child, healthyB.child, failing.child];
  const lines = ['Failover: one of two upstreams answers every request with 529 (small non-streaming, successful requests/s):'];
  try {
    const healthy = await startGateway([{ id: 'a', url: healthyA.url, key: UPSTREAM_KEY }, { id: 'b', url: healthyB.url, key: UPSTREAM_KEY }]);
    const oneFailing = await startGateway([{ id: 'a', url: healthyA.url, key: UPSTREAM_KEY }, { id: 'b', url: failing.url, key: UPSTREAM_KEY }]);
    children.push(healthy, oneFailing);
    lines.push(...(await throughput(healthy, oneFailing, durationSec)));
    lines.push(
      '  Passive health takes the failing upstream out after its first 529s and lets one request test it when the cooldown ends',
      '  (1 s, then 2 s, 4 s … while it keeps failing), so only those few requests fail over; the rest go straight to the healthy one.',
    );
    lines.push(...(await failoverLatency(healthyA.url, failing.url)));
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
  return lines;
}
