// Operating the gateway: hot reload, the CLI commands, logs without secrets, graceful shutdown,
// the starter config on first run.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { CLI_JS, startGatewayProcess, tempDir } from '../support/gateway-process.js';
import { startFakeUpstream } from '../support/fake-upstream.js';
import { TENANT_KEY, defaultTenants, startStack, type Stack } from '../support/stack.js';

const run = promisify(execFile);
const PROMPT = 'MY-SECRET-PROMPT-TEXT-42';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, [CLI_JS, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('running gateway', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  test('hot reload picks up a new tenant without restart; a broken edit keeps the running config', async () => {
    const newKey = 'ccg-added-while-running-123';
    const client = new Anthropic({ apiKey: newKey, baseURL: stack.anthropicBase, maxRetries: 0 });
    const ask = () => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    await assert.rejects(ask(), (e: unknown) => e instanceof Anthropic.AuthenticationError);
    const file = join(stack.gw.configDir, 'tenants.json');
    writeFileSync(file, JSON.stringify({ tenants: [...defaultTenants(), { id: 'carol', key: newKey }] }));
    await waitFor(async () => ask().then(() => true, () => false), 'new tenant');
    writeFileSync(file, '{ "tenants": [ { "id": "broken" '); // invalid JSON
    await waitFor(async () => existsSync(join(stack.gw.dataDir, 'logs/combined.log')) && readFileSync(join(stack.gw.dataDir, 'logs/combined.log'), 'utf8').includes('config reload failed'), 'reload failure log');
    await ask(); // still the old, valid config
  });

  test('ccgate health asks the running server', async () => {
    const r = await cli(['health', '--url', stack.gw.baseUrl]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /ok/);
    assert.match(r.out, /up1\s+healthy/);
  });

  test('/health shows upstream state and never a key or URL', async () => {
    const text = await (await fetch(`${stack.gw.baseUrl}/health`)).text();
    const body = JSON.parse(text) as { status: string; upstreams: Array<{ id: string; state: string }> };
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.upstreams.map((u) => [u.id, u.state]), [['up1', 'healthy']]);
    assert.ok(!text.includes(stack.fake.key) && !text.includes(String(stack.fake.port)));
  });

  test('logs exist, carry one access line per request, and never keys or prompt text', async () => {
    const client = new Anthropic({ apiKey: TENANT_KEY, baseURL: stack.anthropicBase, maxRetries: 0 });
    await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: PROMPT }] });
    await fetch(`${stack.anthropicBase}/v1/messages?api_key=${TENANT_KEY}`, { method: 'POST', body: PROMPT });
    const logDir = join(stack.gw.dataDir, 'logs');
    await waitFor(async () => readFileSync(join(logDir, 'access.log'), 'utf8').includes('"tenantId":"alice"'), 'access log line of the request');
    for (const f of ['combined.log', 'error.log', 'access.log']) assert.ok(existsSync(join(logDir, f)), f);
    const all = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8')).join('\n');
    for (const secret of [TENANT_KEY, stack.fake.key, PROMPT]) assert.ok(!all.includes(secret), `log contains ${secret.slice(0, 8)}…`);
    const line = readFileSync(join(logDir, 'access.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).findLast((l) => l['status'] === 200 && l['path'] === '/anthropic/v1/messages');
    assert.ok(line);
    assert.equal(line['tenantId'], 'alice');
    assert.equal(line['upstreamId'], 'up1');
    assert.equal(line['outputTokens'], 12);
    // pino's line format, as the app logs have it: level, ISO time, then the fields
    assert.equal(line['level'], 30);
    assert.match(String(line['time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(Object.keys(line).slice(0, 3), ['level', 'time', 'requestId']);
  });
});

describe('first start and shutdown', () => {
  test('first start writes a starter config, prints the secrets once, and they work', async () => {
    const fake = await startFakeUpstream();
    const configDir = join(tempDir(), 'config');
    const env = { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: fake.key };
    const gw = await startGatewayProcess({ configDir, env });
    try {
      const out = gw.output();
      const key = /Tenant key:\s+(\S+)/.exec(out)?.[1];
      assert.ok(key, out);
      assert.match(out, /Admin login:\s+admin \/ \S{20}/);
      for (const f of ['server.json', 'upstreams.json', 'tenants.json']) assert.ok(existsSync(join(configDir, f)));
      const stored = ['server.json', 'tenants.json'].map((f) => readFileSync(join(configDir, f), 'utf8')).join('');
      assert.ok(!stored.includes(key), 'tenant key stored in plain text');
      const client = new Anthropic({ apiKey: key, baseURL: `${gw.baseUrl}/anthropic`, maxRetries: 0 });
      const msg = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
      assert.equal(msg.type, 'message');
    } finally {
      await gw.stop();
    }
    const again = await startGatewayProcess({ configDir, env });
    try {
      assert.doesNotMatch(again.output(), /Tenant key:/);
    } finally {
      await again.stop();
      await fake.close();
    }
  });

  test('SIGTERM lets an in-flight stream finish, then exits 0', async () => {
    const stack = await startStack();
    try {
      stack.fake.setScenario({ eventDelayMs: 150 });
      const client = new Anthropic({ apiKey: TENANT_KEY, baseURL: stack.anthropicBase, maxRetries: 0 });
      const stream = client.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
      await new Promise((r) => stream.once('text', r));
      const exit = stack.gw.stop();
      const final = await stream.finalMessage();
      assert.equal(final.stop_reason, 'end_turn');
      assert.equal(await exit, 0);
      await assert.rejects(fetch(`${stack.gw.baseUrl}/health`));
    } finally {
      await stack.close();
    }
  });
});

describe('CLI without a server', () => {
  test('config validate: 0 for a good config, 1 with named problems for a bad one', async () => {
    const good = await cli(['config', 'validate', '--config', join(process.cwd(), 'examples/config')]);
    assert.equal(good.code, 0, good.out);
    assert.match(good.out, /Config OK/);
    const dir = tempDir();
    writeFileSync(join(dir, 'upstreams.json'), JSON.stringify({ upstreams: [{ id: 'a', url: 'nope', key: 'sk-very-secret-1' }] }));
    const bad = await cli(['config', 'validate', '--config', dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /upstreams\.json: upstreams\[0\]\.url/);
    assert.ok(!bad.out.includes('sk-very-secret-1'));
  });

  test('clean --yes removes logs and usage rows; without --yes and no terminal it deletes nothing', async () => {
    const stack = await startStack();
    const client = new Anthropic({ apiKey: TENANT_KEY, baseURL: stack.anthropicBase, maxRetries: 0 });
    await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    await stack.close();
    assert.equal(stack.ledger().length, 1);
    const args = ['clean', '--config', stack.gw.configDir, '--data', stack.gw.dataDir];
    const refused = await cli(args);
    assert.equal(refused.code, 1);
    assert.equal(stack.ledger().length, 1);
    const done = await cli([...args, '--yes']);
    assert.equal(done.code, 0, done.out);
    assert.match(done.out, /Deleted \d+ log file\(s\) and 1 usage row/);
    assert.equal(stack.ledger().length, 0);
    assert.deepEqual(readdirSync(join(stack.gw.dataDir, 'logs')), []);
  });
});

describe('retention', () => {
  test('rows older than storage.retentionDays are deleted when the gateway starts', async () => {
    const { openSqliteStore } = await import('../../src/storage/sqlite/sqlite-store.js');
    const { ledgerRow } = await import('../unit/storage/ledger-rows.js');
    const dataDir = tempDir();
    const store = openSqliteStore(join(dataDir, 'ccgate.db'));
    await store.migrate();
    const now = Date.now();
    await store.insert(ledgerRow('old', { ts: now - 10 * 86_400_000 }));
    await store.insert(ledgerRow('new', { ts: now - 3_600_000 }));
    await store.close();
    const configDir = tempDir();
    writeFileSync(join(configDir, 'server.json'), JSON.stringify({ logging: { enableConsole: false }, storage: { retentionDays: 7 } }));
    writeFileSync(join(configDir, 'tenants.json'), JSON.stringify({ tenants: defaultTenants() }));
    const gw = await startGatewayProcess({ configDir, dataDir });
    await gw.stop();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dataDir, 'ccgate.db'), { readonly: true });
    const ids = (db.prepare('SELECT request_id FROM usage').all() as Array<{ request_id: string }>).map((r) => r.request_id);
    db.close();
    assert.deepEqual(ids, ['new']);
  });
});
