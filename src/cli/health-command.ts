// `ccgate health`: asks the running gateway (port from the config) for /health.
import { request } from 'undici';
import { loadConfig } from '../config/load-config.js';
import { resolvePaths, type PathOptions } from './paths.js';

export interface HealthFlags extends PathOptions {
  url?: string;
}

/** Prints the health document; exit code 0 when the gateway answers and has a healthy upstream. */
export async function runHealth(flags: HealthFlags, out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  let url = flags.url;
  if (!url) {
    const { configDir, dataDir } = resolvePaths(flags);
    const config = loadConfig(configDir, dataDir);
    const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;
    url = `http://${host.includes(':') ? `[${host}]` : host}:${process.env['PORT'] ?? config.server.port}`;
  }
  try {
    const res = await request(`${url.replace(/\/+$/, '')}/health`, { headersTimeout: 5000, bodyTimeout: 5000 });
    const body = (await res.body.json()) as { status: string; upstreams: Array<{ id: string; state: string; cooldownReason?: string | null; inFlight?: number }> };
    out(`CCGate at ${url}: ${body.status}\n`);
    for (const u of body.upstreams) out(`  ${u.id.padEnd(20)} ${u.state}${u.cooldownReason ? ` (${u.cooldownReason})` : ''}  in flight ${u.inFlight ?? 0}\n`);
    return body.status === 'ok' ? 0 : 2;
  } catch (err) {
    out(`CCGate at ${url} is not answering: ${(err as Error).message}\n`);
    return 1;
  }
}
