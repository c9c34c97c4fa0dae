// Starts a compiled bench/test helper as its own process and waits for the line announcing its port.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Child {
  proc: ChildProcess;
  port: number;
  line: string;
  stop(): Promise<void>;
}

/** Spawns `node nodeArgs… script args…` and resolves when stdout matches `/PORT (\d+)/` (or `listening on …:N`). */
export async function spawnNode(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<Child> {
  const proc = spawn(process.execPath, [...nodeArgs, script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const line = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(PORT \d+.*|listening on http:\/\/[^\s]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`${script} exited ${code}: ${out}`)));
  });
  const port = Number(/(?:PORT |:)(\d+)/.exec(line)![1]);
  return {
    proc,
    port,
    line,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
