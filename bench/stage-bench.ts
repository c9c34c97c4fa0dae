// Runs each workload once more against a gateway under the sampling profiler and prints where its
// CPU goes, stage by stage (stage-profile.ts), scaled to the CPU per request measured without the
// profiler in the same run, beside the bare proxy's whole CPU per request.
import { MAIN_JS, tempDir } from '../test/support/gateway-process.js';
import { measure } from './load.js';
import { monotonicMicros, profileDir, STAGES, stageRows, stageTimes, topFunctions } from './stage-profile.js';
import { spawnNode } from './spawn-node.js';

export interface ProfiledWorkload {
  name: string;
  body: string;
  scenario: string;
  /** CPU per request, µs, of the unprofiled gateway and bare proxy at `connections`. */
  gatewayCpuUs: number;
  bareCpuUs: number;
}

export async function stageBench(opts: { configDir: string; key: string; workloads: ProfiledWorkload[]; connections: number; durationSec: number; warmupSec: number }): Promise<string[]> {
  const prof = profileDir();
  const gateway = await spawnNode(MAIN_JS, ['--config', opts.configDir, '--data', tempDir('ccgate-bench-prof-data-'), '--port', '0', '--host', '127.0.0.1'], {}, prof.nodeArgs);
  const windows: Array<[number, number]> = [];
  try {
    for (const w of opts.workloads) {
      const spec = { url: `http://127.0.0.1:${gateway.port}/anthropic/v1/messages`, headers: { 'content-type': 'application/json', 'x-api-key': opts.key, 'anthropic-version': '2023-06-01', 'x-fake-scenario': w.scenario }, body: w.body, connections: opts.connections };
      await measure({ ...spec, durationSec: opts.warmupSec });
      const from = monotonicMicros();
      await measure({ ...spec, durationSec: opts.durationSec });
      windows.push([from, monotonicMicros()]);
    }
  } finally {
    await gateway.stop(); // the profile is written as the process exits
  }
  const profile = prof.read();
  const out = [`Where the gateway's CPU goes, per request (sampling profiler over a separate ${opts.durationSec}s run per workload at ${opts.connections} connections; shares scaled to the unprofiled CPU per request above):`];
  out.push(`| stage | ${opts.workloads.map((w) => `${w.name} µs (share)`).join(' | ')} |`, `|---|${opts.workloads.map(() => '---|').join('')}`);
  const perWorkload = opts.workloads.map((w, i) => stageRows(stageTimes(profile, ...windows[i]!), w.gatewayCpuUs));
  const stages = STAGES.filter((s) => perWorkload.some((rows) => rows.some((r) => r.stage === s)));
  for (const stage of stages) {
    const cells = perWorkload.map((rows) => {
      const r = rows.find((x) => x.stage === stage);
      return r ? `${r.micros.toFixed(0)} (${(r.share * 100).toFixed(1)}%)` : '–';
    });
    out.push(`| ${stage} | ${cells.join(' | ')} |`);
  }
  out.push(`| **gateway total** | ${opts.workloads.map((w) => w.gatewayCpuUs.toFixed(0)).join(' | ')} |`);
  out.push(`| bare proxy total | ${opts.workloads.map((w) => w.bareCpuUs.toFixed(0)).join(' | ')} |`);
  // BENCH_STAGE_TOP=N: the N functions with the most self time in each workload, for a closer look.
  const top = Number(process.env['BENCH_STAGE_TOP'] ?? 0);
  if (top > 0) {
    opts.workloads.forEach((w, i) => {
      const [from, to] = windows[i]!;
      const busy = [...stageTimes(profile, from, to).values()].reduce((a, b) => a + b, 0);
      out.push('', `Top ${top} functions by self time, ${w.name}:`);
      for (const [fn, us] of topFunctions(profile, from, to, top)) out.push(`  ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${fn}`);
    });
  }
  return out;
}
