// `ccgate tenant create | rotate | disable | enable` against a running gateway: the same edits as
// the dashboard, picked up by the file watcher and audited as hand edits ("file").
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { AuditList } from '../../src/http/dashboard/api-types.js';
import { CLI_JS } from '../support/gateway-process.js';
import type { Stack } from '../support/stack.js';
import { API, ask, manageStack, waitFor } from './manage-helpers.js';
import { call } from './usage-api-client.js';

const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, [CLI_JS, ...args], { env: { PATH: process.env['PATH'] ?? '' } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('ccgate tenant', () => {
  let stack: Stack;
  let auth: Record<string, string>;
  let dirs: string[];
  before(async () => {
    ({ stack, auth } = await manageStack());
    dirs = ['--config', stack.gw.configDir, '--data', stack.gw.dataDir];
  });
  after(() => stack.close());

  test('create prints the key once; the running gateway takes it; the file holds only the hash', async () => {
    const r = await cli(['tenant', 'create', 'Eve Ops', '--models', '*haiku*', '--daily', '3', ...dirs]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Created tenant eve-ops\./);
    const key = /Key \(shown once, only its hash is stored\): (ccg-\S+)/.exec(r.out)?.[1];
    assert.ok(key, r.out);
    assert.ok(!readFileSync(join(stack.gw.configDir, 'tenants.json'), 'utf8').includes(key));
    await waitFor(async () => (await ask(stack, key)) === 'ok', 'the new tenant to load');
    assert.equal(await ask(stack, key, 'claude-sonnet-4-6'), 403);
    const entry = (await call<AuditList>(stack.gw.baseUrl, 'GET', `${API}/audit?limit=1`, { headers: auth })).json.entries[0];
    assert.deepEqual([entry?.actor, entry?.action, entry?.target], ['file', 'tenant.create', 'eve-ops']);

    const rotated = await cli(['tenant', 'rotate', 'eve-ops', ...dirs]);
    assert.equal(rotated.code, 0, rotated.out);
    const next = /New key for eve-ops \(shown once\): (ccg-\S+)/.exec(rotated.out)?.[1];
    assert.ok(next, rotated.out);
    await waitFor(async () => (await ask(stack, key)) === 401, 'the old key to be refused');
    assert.equal(await ask(stack, next), 'ok');

    assert.equal((await cli(['tenant', 'disable', 'eve-ops', ...dirs])).code, 0);
    await waitFor(async () => (await ask(stack, next)) === 403, 'the tenant to be disabled');
    assert.equal((await cli(['tenant', 'enable', 'eve-ops', ...dirs])).code, 0);
    await waitFor(async () => (await ask(stack, next)) === 'ok', 'the tenant to be enabled');
  });

  test('problems are reported and nothing is changed', async () => {
    const before = readFileSync(join(stack.gw.configDir, 'tenants.json'), 'utf8');
    const cases: Array<[string[], RegExp]> = [
      [['tenant', 'disable', 'nobody'], /No tenant "nobody"/],
      [['tenant', 'create', 'X', '--timezone', 'Nowhere/Town'], /timezone: unknown IANA time zone/],
      [['tenant', 'create', 'X', '--daily', 'lots'], /--daily must be a number/],
      [['tenant', 'rotate', 'eve-ops', '--grace-seconds', '-5'], /--grace-seconds/],
    ];
    for (const [args, message] of cases) {
      const r = await cli([...args, ...dirs]);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, message);
    }
    assert.equal(readFileSync(join(stack.gw.configDir, 'tenants.json'), 'utf8'), before);
  });
});
