// 1,000 concurrent slow streams (a chunk every 200 ms for ~10 s), bare proxy and gateway one after
// the other against the same fake upstream (issue 13): each process's RSS growth from idle to its
// peak while the streams run, the ratio gateway ÷ bare (target ≤ 1.2), and the gateway's
// event-loop delay p99 over the run (target < 10 ms; prom-client's histogram, reset by the scrape
// before the run). Both may open as many connections as there are streams. Figures only.
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

function rssMb(pid: number | undefined): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

async function loopP99Ms(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  return Number(/^nodejs_eventloop_lag_p99_seconds ([\d.e+-]+)$/m.exec(text)?.[1] ?? NaN) * 1000;
}

/** Runs `count` streams at once through `url`; RSS of `pid` before and at its peak, and how many streams completed. */
async function streams(url: string, key: string, pid: number | undefined, count: number): Promise<{ idleMb: number; peakMb: number; completed: number }> {
  const dispatcher = new Agent({ connections: count + 10, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const one = async () => {
    const res = await request(url, { method: 'POST', dispatcher, headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01', 'x-fake-scenario': SCENARIO }, body });
    const text = await res.body.text();
    return res.statusCode === 200 && text.includes('message_stop');
  };
  // Warm-up: a few streams, so both processes have loaded and compiled their code before "idle".
  await Promise.all(Array.from({ length: 20 }, one));
  const idleMb = rssMb(pid);
  let peakMb = idleMb;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 100);
  try {
    const done = await Promise.all(Array.from({ length: count }, () => one().catch(() => false)));
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
    const b = await streams(`http://127.0.0.1:${bare.port}/anthropic/v1/messages`, 'unused', bare.proc.pid, STREAMS);
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
    const g = await streams(`http://127.0.0.1:${gateway.port}/anthropic/v1/messages`, TENANT_KEY, gateway.proc.pid, STREAMS);
    const p99 = await loopP99Ms(gateway.port);
    const growth = (r: { idleMb: number; peakMb: number }) => r.peakMb - r.idleMb;
    const ratio = growth(g) / Math.max(growth(b), 1);
    const mb = (x: number) => x.toFixed(0);
    return [
      `${STREAMS} concurrent slow streams (50 chunks 200 ms apart, ~10 s each):`,
      '| process | idle RSS MB | peak RSS MB | growth MB | streams completed |',
      '|---|---|---|---|---|',
      `| bare proxy | ${mb(b.idleMb)} | ${mb(b.peakMb)} | ${mb(growth(b))} | ${b.completed} / ${STREAMS} |`,
      `| gateway | ${mb(g.idleMb)} | ${mb(g.peakMb)} | ${mb(growth(g))} | ${g.completed} / ${STREAMS} |`,
      `gateway growth ÷ bare growth ${ratio.toFixed(2)} (target ≤ 1.2 — ${ratio <= 1.2 ? 'met' : 'NOT met'}); gateway event-loop delay p99 ${p99.toFixed(1)} ms over the run (target < 10 ms — ${p99 < 10 ? 'met' : 'NOT met'})`,
    ];
  } finally {
    await Promise.all(started.map((c) => c.stop()));
  }
}
