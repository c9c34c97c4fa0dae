// What the request-body checks of issue 11 cost on the hot path, for `npm run bench` (or alone:
// `node dist/bench/json-scan-bench.js`): the UTF-8 check and the structural scan (depth, duplicate
// top-level keys) against the JSON.parse every request pays anyway, on a Claude Code body.
import { isUtf8 } from 'node:buffer';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MESSAGES_UNIQUE_KEYS } from '../src/http/routes/anthropic-messages.js';
import { parseJsonObject } from '../src/http/read-body.js';
import { scanJson } from '../src/protocol/json-scan.js';
import { claudeCodeBody } from './claude-code-body.js';

/**
 * CPU µs per call of `fn` (process CPU time, which a busy machine inflates less than wall time):
 * the median of 7 rounds of `n` calls after a warm-up.
 */
function microsPerCall(fn: () => unknown, n = 2_000): number {
  for (let i = 0; i < n; i++) fn();
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const d = process.cpuUsage(t0);
    rounds.push((d.user + d.system) / n);
  }
  return rounds.sort((a, b) => a - b)[3]!;
}

/** The figures as printable lines. */
export function jsonScanBench(): string[] {
  const body = Buffer.from(claudeCodeBody());
  const limits = { maxDepth: 64, uniqueKeys: MESSAGES_UNIQUE_KEYS };
  const utf8 = microsPerCall(() => isUtf8(body));
  const scan = microsPerCall(() => scanJson(body, 64, MESSAGES_UNIQUE_KEYS));
  const parse = microsPerCall(() => JSON.parse(body.toString('utf8')));
  const checked = microsPerCall(() => parseJsonObject(body, limits));
  return [
    `Request body checks on a Claude Code body (${(body.length / 1024).toFixed(0)} KB), CPU µs per request:`,
    `  UTF-8 check ${utf8.toFixed(1)}   structural scan ${scan.toFixed(1)}   JSON.parse ${parse.toFixed(1)}   parseJsonObject (all three) ${checked.toFixed(1)}`,
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) process.stdout.write(`${jsonScanBench().join('\n')}\n`);
