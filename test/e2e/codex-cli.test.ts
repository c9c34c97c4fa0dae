// The real Codex CLI (0.171, `codex exec`) against the gateway's Responses endpoint, configured as
// the README says (a model provider with wire_api = "responses" and env_key). The fake upstream
// first asks for a tool call, so this is Codex's whole loop: a call, Codex running it, its output
// sent back, the final answer. Runs where CCGATE_CODEX_BIN names the binary (.ci/run installs it
// from the npm registry outside the project); skipped otherwise, since it is a native download.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FAKE_TEXT } from '../support/fake-messages.js';
import { tempDir } from '../support/gateway-process.js';
import { TENANT_KEY, type Stack } from '../support/stack.js';
import { ALIASES, startOpenaiStack } from './openai-stack.js';

const CODEX = process.env['CCGATE_CODEX_BIN'];

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('Codex CLI through the gateway', { skip: CODEX ? false : 'set CCGATE_CODEX_BIN to a Codex CLI binary (.ci/run installs one)' }, () => {
  let stack: Stack;
  before(async () => {
    stack = await startOpenaiStack({ openai: { models: { ...ALIASES, 'gpt-5': 'claude-sonnet-4-6' } } });
  });
  after(() => stack.close());

  test('codex exec completes a turn with a tool call on Claude, every request on /openai/v1/responses', async () => {
    const home = tempDir('ccgate-codex-home-');
    const work = join(home, 'work');
    mkdirSync(work);
    writeFileSync(
      join(home, 'config.toml'),
      `model = "gpt-5"\nmodel_provider = "ccgate"\n\n[model_providers.ccgate]\nname = "CCGate"\nbase_url = "${stack.gw.baseUrl}/openai/v1"\nwire_api = "responses"\nenv_key = "CCGATE_API_KEY"\n`,
    );
    const env = { PATH: process.env['PATH'] ?? '', HOME: home, CODEX_HOME: home, CCGATE_API_KEY: TENANT_KEY };
    const r = await run(CODEX!, ['exec', '--skip-git-repo-check', 'Say hello'], env, work, 120_000);
    assert.equal(r.code, 0, r.out.slice(-2000));
    assert.ok(r.out.includes(FAKE_TEXT), 'the final answer is printed');
    const rows = stack.ledger().filter((x) => x['endpoint'] === 'openai-responses');
    assert.ok(rows.length >= 2, `a tool call and the answer after it: ${rows.length} rows`);
    for (const row of rows) assert.equal(row['status'], 200);
    const bodies = stack.fake.received.map((x) => JSON.parse(x.body) as { model: string; messages: Array<{ content: unknown }> });
    assert.ok(bodies.every((b) => b.model === 'claude-sonnet-4-6'), 'the alias was mapped');
    assert.ok(bodies.some((b) => JSON.stringify(b.messages).includes('"tool_result"')), "Codex's tool output went back as a tool_result");
    assert.ok(!r.out.includes(TENANT_KEY), 'the key is not echoed');
  });
});
