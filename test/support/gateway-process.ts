// Runs the real gateway as a child process (node dist/src/main.js) on a free loopback port, with
// its own config and data folders, the way a user runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo root (dist/test/support → ../../..). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
export const MAIN_JS = join(REPO_ROOT, 'dist/src/main.js');
export const CLI_JS = join(REPO_ROOT, 'dist/src/cli/main.js');
/** Fixtures are read from the source tree (they are not compiled). */
export const FIXTURES = join(REPO_ROOT, 'test/fixtures');

export interface GatewayProcess {
  proc: ChildProcess;
  port: number;
  baseUrl: string;
  configDir: string;
  dataDir: string;
  output(): string;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'ccgate-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes config files (objects are JSON-encoded, strings written as they are). */
export function writeConfig(dir: string, files: Partial<Record<'server.json' | 'upstreams.json' | 'tenants.json', unknown>>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, value] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  }
}

/** A minimal valid config: one upstream, tenants as given. */
export function basicConfig(upstreams: Array<{ id: string; url: string; key: string; [k: string]: unknown }>, tenants: Array<Record<string, unknown>>, server: Record<string, unknown> = {}) {
  return {
    'server.json': { server: { host: '127.0.0.1' }, logging: { level: 'info', enableConsole: false }, ...server },
    'upstreams.json': { upstreams, loadBalancer: { strategy: 'round_robin' } },
    'tenants.json': { tenants },
  };
}

/** Starts the gateway process and waits until it listens. */
export async function startGatewayProcess(opts: { configDir: string; dataDir?: string; env?: NodeJS.ProcessEnv; args?: string[]; nodeArgs?: string[]; startTimeoutMs?: number }): Promise<GatewayProcess> {
  const dataDir = opts.dataDir ?? tempDir('ccgate-data-');
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), MAIN_JS, '--config', opts.configDir, '--data', dataDir, '--port', '0', '--host', '127.0.0.1', ...(opts.args ?? [])], {
    env: { PATH: process.env['PATH'] ?? '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${out}`)), opts.startTimeoutMs ?? 15_000);
    const check = () => {
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    };
    proc.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${out}`));
    });
  });
  return {
    proc,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    configDir: opts.configDir,
    dataDir,
    output: () => out,
    async stop() {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}
