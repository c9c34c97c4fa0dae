// The OpenAI endpoints in `npm run bench`: the small Claude workloads asked again through
// /openai/v1/chat/completions and /openai/v1/responses right after the gateway's Claude cell, so
// each ratio compares figures taken under the same machine load (target ≥ 0.6× the Claude
// pass-through).
import { codexBody } from './codex-body.js';
import { measure, type LoadResult } from './load.js';

/** The same question as run.ts's small workloads, in Chat Completions form. */
function chatBody(stream: boolean): string {
  return JSON.stringify({
    model: 'claude-sonnet-4-6',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'Hello' }],
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

/** The same question in Responses form. */
function responsesBody(stream: boolean): string {
  return JSON.stringify({ model: 'claude-sonnet-4-6', max_output_tokens: 100, input: 'Hello', ...(stream ? { stream: true } : {}) });
}

interface Twin {
  name: string;
  path: string;
  body: string;
  /** The fake upstream's answer (x-fake-scenario), as the Claude workload's. */
  scenario?: string;
}

const CHAT = '/openai/v1/chat/completions';
const RESPONSES = '/openai/v1/responses';

/** Claude workload name (bench/run.ts) → its twins on the translated endpoints. */
const TWINS: Record<string, Twin[]> = {
  'small non-streaming': [
    { name: 'chat', path: CHAT, body: chatBody(false) },
    { name: 'responses', path: RESPONSES, body: responsesBody(false) },
  ],
  'small streaming': [
    { name: 'chat', path: CHAT, body: chatBody(true) },
    { name: 'responses', path: RESPONSES, body: responsesBody(true) },
  ],
  // Codex's own shape (~40 KB, 12 tools) against the Claude Code stream, with the same answer.
  'Claude Code stream (72KB in, ~200 events out)': [{ name: 'responses (Codex-sized, 40 KB, 12 tools)', path: RESPONSES, body: codexBody(), scenario: '{"deltas":196}' }],
};

/** One OpenAI cell: its figures, the ratio to the Claude cell, and its summary table row. */
export interface OpenaiCell {
  result: LoadResult;
  ratio: string;
  row: string;
}

/** Measures the OpenAI twins (chat, then Responses) of a Claude workload (none when it has none). */
export async function measureOpenaiTwins(
  workload: string,
  connections: number,
  gateway: { port: number; key: string; durationSec: number },
  claude: LoadResult,
): Promise<Array<OpenaiCell & { endpoint: string }>> {
  const cells: Array<OpenaiCell & { endpoint: string }> = [];
  for (const e of TWINS[workload] ?? []) {
    const r = await measure({
      url: `http://127.0.0.1:${gateway.port}${e.path}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}`, ...(e.scenario ? { 'x-fake-scenario': e.scenario } : {}) },
      body: e.body,
      connections,
      durationSec: gateway.durationSec,
    });
    const ratio = (r.rps / claude.rps).toFixed(2);
    cells.push({ endpoint: e.name, result: r, ratio, row: `| ${workload} | ${e.name} | ${connections} | ${claude.rps.toFixed(0)} | ${r.rps.toFixed(0)} | ${ratio} | ${claude.p99Ms} | ${r.p99Ms} |` });
  }
  return cells;
}

/** The summary table of the OpenAI cells. */
export function openaiSummary(rows: readonly string[]): string {
  if (rows.length === 0) return '';
  const head = '| workload (OpenAI twin) | endpoint | conns | gateway Claude req/s | gateway OpenAI req/s | openai÷claude | Claude p99 ms | OpenAI p99 ms |\n|---|---|---|---|---|---|---|---|\n';
  return `\n${head}${rows.join('\n')}\n`;
}
