// `npm run bench -- soak`: the gateway under mixed traffic for SOAK_SECONDS (default 1800) over
// loopback — Anthropic and OpenAI, streaming and not, about one request in ten hung up early —
// while two fake upstreams inject faults into about one answer in seven (bench/soak-faults.ts).
// Every SOAK_REPORT_SECONDS (default 30) it prints the gateway's RSS, its event-loop delay and the
// requests sent, answered, aborted and lost; at the end, whether RSS stayed flat (within 10% of the
// report a quarter into the run, once caches and JIT have warmed up; the drift from the first report
// is printed too) and whether any request was lost (target: none). Figures only: not a pass/fail test.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { basicConfig, MAIN_JS, tempDir, writeConfig } from '../test/support/gateway-process.js';
import { durableLedgerRows } from '../test/support/ledger-file.js';
import { FAULT_RATE, seededRandom } from './soak-faults.js';
import { sendOne, type Outcome, type RequestPlan } from './soak-traffic.js';
import { spawnNode, type Child } from './spawn-node.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 1800);
const REPORT_SECONDS = Number(process.env['SOAK_REPORT_SECONDS'] ?? 30);
const CONCURRENCY = Number(process.env['SOAK_CONCURRENCY'] ?? 8);
const SEED = Number(process.env['SOAK_SEED'] ?? 11);
const TENANT_KEY = 'ccg-soak-tenant-key-0000000000';
/** /metrics wants a bearer token (server.json `metrics.token`); the soak sets one for its own gateway. */
const METRICS_TOKEN = process.env['SOAK_METRICS_TOKEN'] ?? 'soak-metrics-token-0123456789';
const ABORT_RATE = Number(process.env['SOAK_ABORT_RATE'] ?? 0.1);
const REQUEST_TIMEOUT_MS = 120_000;

interface Counts {
  sent: number;
  answered: number;
  aborted: number;
  lost: number;
  byStatus: Map<number, number>;
  lostWhy: Map<string, number>;
}

/** Size of the SQLite ledger file: its page cache (storage.sqliteCacheSize) fills as it grows. */
function ledgerMb(dataDir: string): number {
  try {
    return Math.round(statSync(join(dataDir, 'ccgate.db')).size / 1_048_576);
  } catch {
    return 0;
  }
}

/** RSS and its anonymous (heap, malloc) and file-backed (mapped files, code) parts, in MB. */
function rssMb(pid: number | undefined): { total: number; anon: number; file: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mb = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024);
    return { total: mb('VmRSS'), anon: mb('RssAnon'), file: mb('RssFile') + mb('RssShmem') };
  } catch {
    return { total: 0, anon: 0, file: 0 };
  }
}

/**
 * Event-loop delay since the last scrape (prom-client resets its histogram per scrape), in ms, and
 * the JS heap in use, the heap V8 holds and the memory outside it (Buffers, zlib, SQLite's
 * JS-visible allocations), in MB: RSS growth outside all three is the allocator's or native code's.
 */
async function runtimeFigures(baseUrl: string): Promise<{ p99: number; max: number; heapMb: number; heapTotalMb: number; externalMb: number } | undefined> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).catch(() => undefined);
  if (!res || res.status !== 200) return undefined;
  const text = await res.text();
  const value = (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  const mb = (name: string) => Math.round(value(name) / 1_048_576);
  return {
    p99: value('nodejs_eventloop_lag_p99_seconds') * 1000,
    max: value('nodejs_eventloop_lag_max_seconds') * 1000,
    heapMb: mb('nodejs_heap_size_used_bytes'),
    heapTotalMb: mb('nodejs_heap_size_total_bytes'),
    externalMb: mb('nodejs_external_memory_bytes'),
  };
}

function record(counts: Counts, outcome: Outcome): void {
  switch (outcome.kind) {
    case 'answered':
      counts.answered++;
      counts.byStatus.set(outcome.status, (counts.byStatus.get(outcome.status) ?? 0) + 1);
      break;
    case 'aborted':
      counts.aborted++;
      break;
    case 'lost':
      counts.lost++;
      counts.lostWhy.set(outcome.why, (counts.lostWhy.get(outcome.why) ?? 0) + 1);
      break;
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

async function startGateway(upstreamUrls: string[]): Promise<{ gateway: Child; dataDir: string }> {
  const configDir = tempDir('ccgate-soak-');
  const dataDir = tempDir('ccgate-soak-data-');
  const timeouts = { firstByteMs: 5_000, nonStreamingFirstByteMs: 5_000, idleMs: 3_000, totalMs: 20_000 };
  const upstreams = upstreamUrls.map((url, i) => ({ id: `up${i + 1}`, url, key: `sk-soak-upstream-${i}`, timeouts }));
  writeConfig(
    configDir,
    basicConfig(upstreams, [{ id: 'soak', key: TENANT_KEY }], {
      openai: { models: { 'gpt-4o': 'claude-sonnet-4-6' } },
      proxy: { maxResponseBytes: '4MB', maxDecompressedBytes: '8MB', maxSseFrameBytes: '1MB' },
      metrics: { token: METRICS_TOKEN },
      // SOAK_SQLITE_CACHE (e.g. 1MB): storage.sqliteCacheSize, to tell the page cache filling from other growth.
      ...(process.env['SOAK_SQLITE_CACHE'] ? { storage: { sqliteCacheSize: process.env['SOAK_SQLITE_CACHE'] } } : {}),
    }),
  );
  // SOAK_GATEWAY_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=prof") go to the gateway's node only.
  const nodeArgs = (process.env['SOAK_GATEWAY_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const gateway = await spawnNode(MAIN_JS, ['--config', configDir, '--data', dataDir, '--port', '0', '--host', '127.0.0.1'], {}, nodeArgs);
  return { gateway, dataDir };
}

/** Runs the soak and prints its figures. */
export async function soak(): Promise<void> {
  const fakes = await Promise.all([0, 1].map((i) => spawnNode(join(HERE, 'fake-upstream-main.js'), [], { FAKE_KEY: `sk-soak-upstream-${i}`, FAKE_SOAK_SEED: String(SEED + i) })));
  const { gateway, dataDir } = await startGateway(fakes.map((f) => `http://127.0.0.1:${f.port}`));
  const baseUrl = `http://127.0.0.1:${gateway.port}`;
  const dispatcher = new Agent({ connections: CONCURRENCY * 2, keepAliveTimeout: 10_000 });
  const random = seededRandom(SEED);
  const counts: Counts = { sent: 0, answered: 0, aborted: 0, lost: 0, byStatus: new Map(), lostWhy: new Map() };
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  const rss: number[] = [];
  process.stdout.write(`CCGate soak: ${SECONDS}s, ${CONCURRENCY} concurrent clients, faults in ~${Math.round(FAULT_RATE * 100)}% of answers, ~${ABORT_RATE * 100}% client aborts, node ${process.version}\n`);
  process.stdout.write('|   t s | sent | answered | aborted | lost | req/s | gw RSS MB (anon / file) | JS heap used / total MB | external MB | ledger file MB | event loop p99 / max ms |\n|---|---|---|---|---|---|---|---|---|---|---|\n');
  let lastSent = 0;
  const report = async () => {
    const t = Math.round((Date.now() - started) / 1000);
    const mem = rssMb(gateway.proc.pid);
    rss.push(mem.total);
    const el = await runtimeFigures(baseUrl);
    const rate = ((counts.sent - lastSent) / REPORT_SECONDS).toFixed(0);
    lastSent = counts.sent;
    process.stdout.write(`| ${String(t).padStart(5)} | ${counts.sent} | ${counts.answered} | ${counts.aborted} | ${counts.lost} | ${rate} | ${mem.total} (${mem.anon} / ${mem.file}) | ${el ? `${el.heapMb} / ${el.heapTotalMb}` : 'n/a'} | ${el ? el.externalMb : 'n/a'} | ${ledgerMb(dataDir)} | ${el ? `${el.p99.toFixed(1)} / ${el.max.toFixed(1)}` : 'n/a'} |\n`);
  };
  const timer = setInterval(() => void report(), REPORT_SECONDS * 1000);
  const worker = async () => {
    while (Date.now() < deadline) {
      const plan: RequestPlan = { openai: random() < 0.35, stream: random() < 0.6, abortAfterMs: random() < ABORT_RATE ? Math.floor(random() * 400) : undefined };
      counts.sent++;
      record(counts, await sendOne({ baseUrl, key: TENANT_KEY, dispatcher, timeoutMs: REQUEST_TIMEOUT_MS }, plan));
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    clearInterval(timer);
    await report();
    const health = (await (await fetch(`${baseUrl}/health`)).json()) as { inFlight?: number };
    const first = rss[0] ?? 0;
    const warm = rss[Math.floor(rss.length / 4)] ?? first;
    const last = rss.at(-1) ?? 0;
    const pct = (from: number) => (from ? ((last - from) / from) * 100 : 0);
    const signed = (p: number) => `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`;
    const drift = pct(warm);
    process.stdout.write(`\nsent ${counts.sent}, answered ${counts.answered}, aborted by the client ${counts.aborted}, lost ${counts.lost}${counts.lost ? ` (${[...counts.lostWhy].map(([w, n]) => `${w}: ${n}`).join(', ')})` : ''}\n`);
    process.stdout.write(`answers by status: ${[...counts.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(', ')}\n`);
    process.stdout.write(`gateway RSS: first report ${first} MB, a quarter in ${warm} MB, last ${last} MB (${signed(drift)} from a quarter in, ${signed(pct(first))} from the first report), max ${Math.max(...rss)} MB; in flight after the traffic: ${String((health.inFlight ?? 1) - 1)}\n`);
    process.stdout.write(`target: 0 lost — ${counts.lost === 0 ? 'met' : 'NOT met'}; RSS flat within 10% — ${Math.abs(drift) <= 10 ? 'met' : 'NOT met'}\n`);
  } finally {
    clearInterval(timer);
    await dispatcher.close();
    await Promise.all([gateway.stop(), ...fakes.map((f) => f.stop())]);
  }
  process.stdout.write(`ledger rows: ${durableLedgerRows(dataDir).length}\n`);
}
