// System calls per request, bare proxy beside gateway (issue 13: "count writes and packets per
// answer and per upstream request"): strace counts the calls of each process while a fixed number
// of requests runs through it; divided by the requests, the socket writes show whether the gateway
// sends headers and body together and adds no flushes (loopback: one write is one packet or a few
// of 64 KB). Skipped where strace is missing or may not attach. Counts, not times.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export interface TracedTarget {
  name: string;
  pid: number | undefined;
  url: string;
  headers: Record<string, string>;
}

const CALLS = ['writev', 'write', 'sendmsg', 'read', 'recvfrom', 'pwrite64', 'fdatasync'];
const REQUESTS = 2_000;

/** `strace -c` output → calls per syscall name. */
export function straceCounts(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    // % time, seconds, usecs/call, calls, [errors], syscall
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$/.exec(line);
    if (m) out.set(m[2]!, Number(m[1]));
  }
  return out;
}

async function traced(target: TracedTarget, body: string, file: string): Promise<Map<string, number> | undefined> {
  const spec = { url: target.url, method: 'POST' as const, headers: target.headers, body, connections: 10 };
  await autocannon({ ...spec, amount: 500 });
  const strace = spawn('strace', ['-f', '-c', '-o', file, '-p', String(target.pid)], { stdio: 'ignore' });
  // strace attaches within a moment; requests before that would go uncounted but not be missed in the division.
  await new Promise((r) => setTimeout(r, 300));
  const result = await autocannon({ ...spec, amount: REQUESTS });
  strace.kill('SIGINT');
  await new Promise((r) => strace.once('exit', r));
  const counts = straceCounts(readFileSync(file, 'utf8'));
  return result.requests.total > 0 && counts.size > 0 ? new Map([...counts].map(([k, v]) => [k, v / result.requests.total])) : undefined;
}

export async function syscallBench(workloads: Array<{ name: string; body: string }>, targets: TracedTarget[]): Promise<string[]> {
  if (spawnSync('strace', ['-V']).status !== 0) return ['System calls per request: skipped (no strace)'];
  const dir = mkdtempSync(join(tmpdir(), 'ccgate-strace-'));
  const out = [`System calls per request (strace -c over ${REQUESTS} requests at 10 connections; socket writes are writev/write/sendmsg, the ledger journal one write per event-loop turn):`, `| workload | process | ${CALLS.join(' | ')} |`, `|---|---|${CALLS.map(() => '---|').join('')}`];
  for (const w of workloads) {
    for (const t of targets) {
      const counts = await traced(t, w.body, join(dir, `${t.name}.txt`)).catch(() => undefined);
      if (!counts) return ['System calls per request: skipped (strace could not attach)'];
      out.push(`| ${w.name} | ${t.name} | ${CALLS.map((c) => (counts.get(c) ?? 0).toFixed(2)).join(' | ')} |`);
    }
  }
  return out;
}
