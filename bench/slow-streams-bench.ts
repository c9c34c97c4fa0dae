// 1,000 concurrent slow streams (a chunk every 200 ms for ~10 s), bare proxy and gateway one after
// the other against the same fake upstream (issue 13): each process's RSS growth from idle to its
// peak while the streams run, the ratio gateway ÷ bare (target ≤ 1.2), and the gateway's
// event-loop delay p99 (target < 10 ms; prom-client's histogram, which each scrape resets) twice:
// while the streams flow, and during the burst of starting all of them in the same instant. Both may open as many connections as there are streams. Figures only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { basicConfig, MAIN_JS, tempDir, writeConfig } from '../test/support/gateway-process.js';
import { spawnNode, type Child } from './spawn-node.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const STREAMS = Number(process.env['BENCH_SLOW_STREAMS'] ?? 1_000);
const UPSTREAM_KEY = 'sk-bench-upstream-key';
const TENANT_KEY = 'ccg-bench-slow-tenant-key-000000';
const METRICS_TOKEN = 'bench-metrics-token-0123456789';
/** 50 text deltas 200 ms apart: ~10 s per stream. */
const SCENARIO = JSON.stringify({ deltas: 50, eventDelayMs: 200 });
const body = JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 1000, stream: true, messages: [{ role: 'user', content: 'Tell me a long story' }] });
const BIG = { maxUSD: 1e6 };
/**
 * Both processes sample the loop every 10 ms (prom-client's and bare-proxy.ts's
 * monitorEventLoopDelay) and record the time since the previous sample, so an idle loop reads
 * ~10 ms: the delay is the reading minus this.
 */
const SAMPLING_MS = 10;
const delay = (readingMs: number) => Math.max(0, readingMs - SAMPLING_MS);

function rssMb(pid: number | undefined): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** The bare proxy's event-loop delay p99 in ms since the last call (bare-proxy.ts). */
async function bareLoopP99Ms(port: number): Promise<number> {
  return Number(await (await fetch(`http://127.0.0.1:${port}/__bench/loop`)).text());
}

async function loopP99Ms(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  return Number(/^nodejs_eventloop_lag_p99_seconds ([\d.e+-]+)$/m.exec(text)?.[1] ?? NaN) * 1000;
}

/**
 * Runs `count` streams at once through `url`; RSS of `pid` before and at its peak, and how many
 * streams completed. `onAllStarted` runs once every stream has its answer's headers: the burst of
 * starting them is over and only the slow flow remains.
 */
async function streams(url: string, key: string, pid: number | undefined, count: number, onAllStarted: () => Promise<void> = async () => undefined): Promise<{ idleMb: number; peakMb: number; completed: number }> {
  const dispatcher = new Agent({ connections: count + 10, headersTimeout: 60_000, bodyTimeout: 60_000 });
  let started = 0;
  let allStarted: Promise<void> | undefined;
  const one = async (measured: boolean) => {
    const res = await request(url, { method: 'POST', dispatcher, headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01', 'x-fake-scenario': SCENARIO }, body });
    if (measured && ++started === count) allStarted = onAllStarted();
    const text = await res.body.text();
    return res.statusCode === 200 && text.includes('message_stop');
  };
  // Warm-up: a few streams, so both processes have loaded and compiled their code before "idle".
  await Promise.all(Array.from({ length: 20 }, () => one(false)));
  const idleMb = rssMb(pid);
  let peakMb = idleMb;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 100);
  try {
    const done = await Promise.all(Array.from({ length: count }, () => one(true).catch(() => false)));
    await allStarted;
    return { idleMb, peakMb, completed: done.filter(Boolean).length };
  } finally {
    clearInterval(sampler);
    await dispatcher.close();
  }
}

export async function slowStreamsBench(): Promise<string[]> {
  const fake = await spawnNode(join(HERE, 'fake-upstream-main.js'), [], { FAKE_KEY: UPSTREAM_KEY });
  const upstreamUrl = `http://127.0.0.1:${fake.port}`;
  const started: Child[] = [fake];
  try {
    const bare = await spawnNode(join(HERE, 'bare-proxy.js'), [], { TARGET: upstreamUrl, UPSTREAM_KEY, BARE_CONNECTIONS: String(STREAMS * 2) });
    started.push(bare);
    await bareLoopP99Ms(bare.port);
    let bareStartP99 = NaN;
    const b = await streams(`http://127.0.0.1:${bare.port}/anthropic/v1/messages`, 'unused', bare.proc.pid, STREAMS, async () => {
      bareStartP99 = await bareLoopP99Ms(bare.port);
    });
    const bareP99 = await bareLoopP99Ms(bare.port);
    await bare.stop();
    const configDir = tempDir('ccgate-bench-slow-');
    const limits = { daily: BIG, weekly: BIG, monthly: BIG, '5h': BIG, requestsPerMinute: 10_000_000, concurrentRequests: 10_000 };
    writeConfig(
      configDir,
      basicConfig([{ id: 'fake', url: upstreamUrl, key: UPSTREAM_KEY, forwardHeaders: ['x-fake-scenario'], maxConnections: STREAMS * 2 }], [{ id: 'slow', key: TENANT_KEY, limits }], {
        server: { host: '127.0.0.1', maxConnectionsPerClient: 0 },
        metrics: { token: METRICS_TOKEN },
      }),
    );
    const gateway = await spawnNode(MAIN_JS, ['--config', configDir, '--data', tempDir('ccgate-bench-slow-data-'), '--port', '0', '--host', '127.0.0.1']);
    started.push(gateway);
    await loopP99Ms(gateway.port); // resets the histogram
    let startP99 = NaN;
    const g = await streams(`http://127.0.0.1:${gateway.port}/anthropic/v1/messages`, TENANT_KEY, gateway.proc.pid, STREAMS, async () => {
      startP99 = await loopP99Ms(gateway.port); // the start-up burst; resets again
    });
    const p99 = await loopP99Ms(gateway.port);
    const growth = (r: { idleMb: number; peakMb: number }) => r.peakMb - r.idleMb;
    const ratio = growth(g) / Math.max(growth(b), 1);
    const mb = (x: number) => x.toFixed(0);
    return [
      `${STREAMS} concurrent slow streams (50 chunks 200 ms apart, ~10 s each):`,
      `| process | idle RSS MB | peak RSS MB | growth MB | streams completed | event-loop delay p99 ms while they flow | while they all start |`,
      '|---|---|---|---|---|---|---|',
      `| bare proxy | ${mb(b.idleMb)} | ${mb(b.peakMb)} | ${mb(growth(b))} | ${b.completed} / ${STREAMS} | ${delay(bareP99).toFixed(1)} | ${delay(bareStartP99).toFixed(1)} |`,
      `| gateway | ${mb(g.idleMb)} | ${mb(g.peakMb)} | ${mb(growth(g))} | ${g.completed} / ${STREAMS} | ${delay(p99).toFixed(1)} | ${delay(startP99).toFixed(1)} |`,
      `(event-loop delay: the p99 reading of a 10 ms sampling monitor minus its ${SAMPLING_MS} ms interval; gateway readings ${p99.toFixed(1)} and ${startP99.toFixed(1)} ms)`,
      `gateway growth ÷ bare growth ${ratio.toFixed(2)} (target ≤ 1.2 — ${ratio <= 1.2 ? 'met' : 'NOT met'}); gateway event-loop delay p99 ${delay(p99).toFixed(1)} ms while the streams flow (target < 10 ms — ${delay(p99) < 10 ? 'met' : 'NOT met'}), ${delay(startP99).toFixed(1)} ms while all ${STREAMS} start in the same instant`,
    ];
  } finally {
    await Promise.all(started.map((c) => c.stop()));
  }
}
