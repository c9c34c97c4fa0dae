// The data folder holds the ledger, its journal and the logs: owner-only (issue 11 point 11),
// whatever the umask the gateway starts under, and also for files an older version left readable.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { basicConfig, startGatewayProcess, tempDir, writeConfig, type GatewayProcess } from '../support/gateway-process.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { TENANT_KEY, defaultTenants } from '../support/stack.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every path under `dir` (itself included), depth first. */
function walk(dir: string): string[] {
  return [dir, ...readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))];
}

describe('data file modes', () => {
  let fake: FakeUpstream;
  let gw: GatewayProcess;
  let dataDir: string;
  before(async () => {
    fake = await startFakeUpstream();
    const configDir = tempDir();
    writeConfig(configDir, basicConfig([{ id: 'up1', url: fake.url, key: fake.key }], defaultTenants()));
    dataDir = join(tempDir(), 'data');
    // What an older version left: a world-readable folder and log file.
    mkdirSync(join(dataDir, 'logs'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dataDir, 'logs', 'access.log'), '', { mode: 0o644 });
    const previous = process.umask(0); // the child inherits the most permissive umask there is
    try {
      gw = await startGatewayProcess({ configDir, dataDir });
    } finally {
      process.umask(previous);
    }
    const client = new Anthropic({ apiKey: TENANT_KEY, baseURL: `${gw.baseUrl}/anthropic`, maxRetries: 0 });
    await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] });
  });
  after(async () => {
    await gw.stop();
    await fake.close();
  });

  test('the folder is 0700 and every file in it 0600 (ledger, WAL, journal, logs), under umask 0', async () => {
    await new Promise((r) => setTimeout(r, 400)); // a journal flush and a log flush
    for (const f of ['ccgate.db', 'ccgate.db-wal', 'ccgate.db-shm', 'logs/access.log', 'logs/combined.log', 'logs/error.log']) assert.ok(existsSync(join(dataDir, f)), `${f} exists`);
    for (const path of walk(dataDir)) {
      const expected = statSync(path).isDirectory() ? 0o700 : 0o600;
      assert.equal(mode(path).toString(8), expected.toString(8), path);
    }
  });

  test('journal segments written while running are owner-only too', async () => {
    const client = new Anthropic({ apiKey: TENANT_KEY, baseURL: `${gw.baseUrl}/anthropic`, maxRetries: 0 });
    const journal = join(dataDir, 'ccgate.db.pending');
    const modes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] });
      for (const name of readdirSync(journal)) {
        try {
          modes.add(mode(join(journal, name)).toString(8));
        } catch {
          // inserted and removed meanwhile
        }
      }
    }
    assert.equal(mode(journal).toString(8), '700');
    assert.ok(modes.size > 0, 'saw a segment');
    assert.deepEqual([...modes], ['600']);
  });
});
