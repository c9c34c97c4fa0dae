// What reading a request body costs on the hot path, for `npm run bench` (or alone:
// `node dist/bench/json-scan-bench.js`): the UTF-8 check, the scan (grammar, depth, duplicate
// top-level keys, value spans), JSON.parse, and the two ways parseJsonObject reads a body — the
// whole tree (the translating endpoints) or only the keys the Anthropic endpoint reads — on a
// Claude Code body and on one whose text is code (an escape every ~15 bytes).
import { isUtf8 } from 'node:buffer';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MESSAGES_READ_KEYS, MESSAGES_UNIQUE_KEYS } from '../src/http/routes/anthropic-messages.js';
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

/** The Claude Code body with its prompt texts replaced by source code, as a coding session's are. */
function codeHeavyBody(): Buffer {
  const body = JSON.parse(claudeCodeBody()) as { system: Array<{ text: string }>; messages: Array<{ content: Array<{ text: string }> }> };
  const code = 'export function add(a: number, b: number): number {\n\treturn a + b; // "sum"\n}\n\nconst path = "C:\\\\src\\\\x.ts";\n';
  for (const block of body.system) block.text = code.repeat(Math.ceil(block.text.length / code.length));
  for (const m of body.messages) for (const block of m.content) block.text = code.repeat(Math.ceil(block.text.length / code.length));
  return Buffer.from(JSON.stringify(body));
}

/** The figures as printable lines. */
export function jsonScanBench(): string[] {
  const out = ['Reading a request body, CPU µs per request (whole tree: the OpenAI endpoints; read keys: the Anthropic endpoint, which forwards the bytes as sent):'];
  for (const [name, body] of [['Claude Code body', Buffer.from(claudeCodeBody())], ['code-heavy body', codeHeavyBody()]] as const) {
    const whole = { maxDepth: 64, uniqueKeys: MESSAGES_UNIQUE_KEYS };
    const keys = { ...whole, onlyKeys: MESSAGES_READ_KEYS };
    const utf8 = microsPerCall(() => isUtf8(body));
    const scan = microsPerCall(() => scanJson(body, 64, MESSAGES_UNIQUE_KEYS, MESSAGES_READ_KEYS));
    const parse = microsPerCall(() => JSON.parse(body.toString('utf8')));
    const tree = microsPerCall(() => parseJsonObject(body, whole));
    const read = microsPerCall(() => parseJsonObject(body, keys));
    out.push(
      `  ${name} (${(body.length / 1024).toFixed(0)} KB): UTF-8 check ${utf8.toFixed(1)}   scan ${scan.toFixed(1)}   JSON.parse ${parse.toFixed(1)}   parseJsonObject whole tree ${tree.toFixed(1)}   read keys only ${read.toFixed(1)} (${(read / tree).toFixed(2)}× the whole tree)`,
    );
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) process.stdout.write(`${jsonScanBench().join('\n')}\n`);
