// The per-stage CPU breakdown `npm run bench` prints: one extra gateway runs under V8's sampling
// profiler (`--cpu-prof`) while a workload is measured against it; each sample taken during the
// measurement is charged to the stage of the innermost gateway frame on its stack (so JSON.parse
// called while reading the body counts as `request`, a socket write made by the forwarder as
// `forward`), or, with no gateway frame, to the library or runtime it ran in. Shares of the busy
// samples, times the CPU per request measured without the profiler, give µs per request per stage:
// the next regression shows up as one stage growing. The profiler's own overhead (a few %) is
// spread over every stage alike, so it changes shares little.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The subset of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Stages in the order a request meets them. */
export const STAGES = ['request', 'authenticate', 'admit', 'route', 'forward', 'tap', 'translate', 'settle', 'record', 'other gateway code', 'node runtime (HTTP, sockets, streams)', 'garbage collection'] as const;
export type Stage = (typeof STAGES)[number];

// First match wins: paths under dist/src/ of the gateway's modules.
const GATEWAY_STAGES: Array<[RegExp, Stage]> = [
  [/^tenancy\/(credentials|tenant-directory|authorize)\b/, 'authenticate'],
  [/^(tenancy\/(admission|sliding-window-counter)|domain\/(budget-windows|zoned-buckets)|storage\/(memory-budget-store|budget-types)|http\/pipeline\/admit|accounting\/estimate-cost)\b/, 'admit'],
  [/^routing\//, 'route'],
  [/^(proxy\/usage-tap|protocol\/(sse|delta-size|anthropic-usage))\b/, 'tap'],
  [/^(proxy\/|http\/pass-through|http\/pipeline\/(forward-stage|committed-answer))/, 'forward'],
  [/^translate\/|^http\/pipeline\/translated-stream/, 'translate'],
  [/^(accounting\/|http\/pipeline\/settle|domain\/output-estimate)/, 'settle'],
  [/^(storage\/|observability\/)/, 'record'],
  [/^(http\/|protocol\/)/, 'request'],
];

// Samples with no gateway frame: the library they ran in.
const LIBRARY_STAGES: Array<[RegExp, Stage]> = [
  [/node_modules\/undici\//, 'forward'],
  [/node_modules\/(pino|sonic-boom|prom-client|better-sqlite3|pg)\//, 'record'],
];

function gatewayStage(url: string): Stage | undefined {
  const at = url.indexOf('/dist/src/');
  if (at < 0) return undefined;
  const path = url.slice(at + '/dist/src/'.length);
  return GATEWAY_STAGES.find(([re]) => re.test(path))?.[1] ?? 'other gateway code';
}

/**
 * Busy time per stage, in µs, of the samples taken between `fromUs` and `toUs` (the profile's own
 * clock: CLOCK_MONOTONIC in µs, as process.hrtime in any process on the machine).
 */
export function stageTimes(profile: CpuProfile, fromUs: number, toUs: number): Map<Stage, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageOf = new Map<number, Stage | null>();
  const classify = (leaf: number): Stage | null => {
    const known = stageOf.get(leaf);
    if (known !== undefined) return known;
    const leafName = byId.get(leaf)?.callFrame.functionName ?? '';
    let stage: Stage | null | undefined;
    if (leafName === '(idle)') stage = null;
    else if (leafName === '(garbage collector)') stage = 'garbage collection';
    let library: Stage | undefined;
    for (let id: number | undefined = leaf; stage === undefined && id !== undefined; id = parent.get(id)) {
      const url = byId.get(id)?.callFrame.url ?? '';
      stage = gatewayStage(url);
      library ??= LIBRARY_STAGES.find(([re]) => re.test(url))?.[1];
    }
    const result = stage === undefined ? (library ?? 'node runtime (HTTP, sockets, streams)') : stage;
    stageOf.set(leaf, result);
    return result;
  };
  const out = new Map<Stage, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) continue;
    // A sample stands for the time until the next one.
    const span = profile.timeDeltas[i + 1] ?? 0;
    const stage = classify(profile.samples[i]!);
    if (stage) out.set(stage, (out.get(stage) ?? 0) + span);
  }
  return out;
}

/** Self time per function (`name file:line`, µs) of the samples between `fromUs` and `toUs`, largest first. */
export function topFunctions(profile: CpuProfile, fromUs: number, toUs: number, count: number): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) continue;
    const frame = byId.get(profile.samples[i]!)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const where = frame.url ? ` ${frame.url.replace(/^.*\/(dist\/src|node_modules)\//, '$1/').replace(/^node:/, '')}:${(frame as { lineNumber?: number }).lineNumber ?? 0}` : '';
    const key = `${frame.functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, count);
}

/** Now on the profile's clock (µs). */
export const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

/** A directory for one profiled gateway's `.cpuprofile`, with the node flags that write it there. */
export function profileDir(): { dir: string; nodeArgs: string[]; read(): CpuProfile } {
  const dir = mkdtempSync(join(tmpdir(), 'ccgate-cpu-prof-'));
  return {
    dir,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    read() {
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
      return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    },
  };
}

/** Table rows: each stage's share of the busy time and its µs per request at `cpuPerRequestUs`. */
export function stageRows(times: Map<Stage, number>, cpuPerRequestUs: number): Array<{ stage: Stage; share: number; micros: number }> {
  const busy = [...times.values()].reduce((a, b) => a + b, 0);
  return STAGES.filter((s) => times.has(s)).map((stage) => {
    const share = busy ? times.get(stage)! / busy : 0;
    return { stage, share, micros: share * cpuPerRequestUs };
  });
}
