// The admin credential through the real gateway process: an old server.json with a plain
// password and comments is rewritten with its scrypt hash on first start (comments kept, the old
// password still logs in), logins are throttled (429 with retry-after, even for the right
// password), and a disabled admin answers 404 on its routes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'jsonc-parser';
import { verifyPassword } from '../../src/domain/password.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { startGatewayProcess, tempDir, writeConfig, type GatewayProcess } from '../support/gateway-process.js';
import { TENANT_KEY } from '../support/stack.js';
import { adminSession, assertPlainError, call } from './usage-api-client.js';

const OLD_PASSWORD = 'old-plain-password-123';

function serverJson(admin: string): string {
  return `// Original CCGate server config, copied over as-is
{
  "server": { "port": 3000, "host": "127.0.0.1" }, // listen address
  "logging": { "level": "info", "enableConsole": false },
  "admin": {
    "enabled": ${admin === 'disabled' ? 'false' : 'true'},
    "path": "/dashboard",
    "username": "admin",
    // the dashboard password
    "password": "${OLD_PASSWORD}"
  }
}
`;
}

async function startWith(fake: FakeUpstream, admin: 'plain' | 'disabled'): Promise<GatewayProcess> {
  const configDir = tempDir('ccgate-config-');
  writeConfig(configDir, {
    'server.json': serverJson(admin),
    'upstreams.json': { upstreams: [{ id: 'up1', url: fake.url, key: fake.key }] },
    'tenants.json': { tenants: [{ id: 'alice', key: TENANT_KEY }] },
  });
  return startGatewayProcess({ configDir });
}

/** Starts a fake and a gateway for the enclosing describe; the gateway is read once it runs. */
function gatewayFor(admin: 'plain' | 'disabled'): { gw: GatewayProcess } {
  let fake: FakeUpstream | undefined;
  const holder = {} as { gw: GatewayProcess };
  before(async () => {
    fake = await startFakeUpstream();
    holder.gw = await startWith(fake, admin);
  });
  after(async () => {
    await holder.gw?.stop();
    await fake?.close();
  });
  return holder;
}

describe('admin password from an old config, and login throttling', () => {
  const running = gatewayFor('plain');

  test('the plain password is replaced by its scrypt hash on first start, comments kept', async () => {
    const text = readFileSync(join(running.gw.configDir, 'server.json'), 'utf8');
    assert.ok(!text.includes(OLD_PASSWORD), 'the plain password is gone from the file');
    for (const comment of ['// Original CCGate server config, copied over as-is', '// listen address', '// the dashboard password']) assert.ok(text.includes(comment), comment);
    const admin = (parse(text) as { admin: Record<string, unknown> }).admin;
    assert.equal(admin['password'], undefined);
    assert.match(String(admin['passwordHash']), /^scrypt\$/);
    assert.equal(await verifyPassword(OLD_PASSWORD, String(admin['passwordHash'])), true);
    assert.ok(!running.gw.output().includes(OLD_PASSWORD), 'the password is never logged');
  });

  test('the old password still logs in, by the login route and by POST /usage', async () => {
    await adminSession(running.gw.baseUrl, 'admin', OLD_PASSWORD);
    const r = await call<{ success: boolean; type: string }>(running.gw.baseUrl, 'POST', '/usage', { body: { type: 'admin', username: 'admin', password: OLD_PASSWORD } });
    assert.deepEqual([r.status, r.json.success, r.json.type], [200, true, 'admin']);
  });

  test('five bad logins, then 429 with retry-after; the right password is refused during the lock', async () => {
    for (let i = 0; i < 5; i++) {
      assertPlainError(await call(running.gw.baseUrl, 'POST', '/admin/api/login', { body: { username: 'admin', password: `guess-${i}` } }), 401, 'unauthenticated', /Invalid username or password/);
    }
    const locked = await call(running.gw.baseUrl, 'POST', '/admin/api/login', { body: { username: 'admin', password: 'guess-6' } });
    assertPlainError(locked, 429, 'login_throttled');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 50 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assertPlainError(await call(running.gw.baseUrl, 'POST', '/admin/api/login', { body: { username: 'admin', password: OLD_PASSWORD } }), 429, 'login_throttled');
    const legacy = await call<{ error: string; code: string }>(running.gw.baseUrl, 'POST', '/usage', { body: { type: 'admin', username: 'admin', password: OLD_PASSWORD } });
    assert.deepEqual([legacy.status, legacy.json.code], [429, 'login_throttled'], 'POST /usage shares the throttle');
    assert.ok(Number(legacy.headers.get('retry-after')) > 0);
  });

  test('a tenant is not affected by the admin lock', async () => {
    const r = await call<{ success: boolean }>(running.gw.baseUrl, 'POST', '/usage', { body: { type: 'tenant', apiKey: TENANT_KEY } });
    assert.equal(r.status, 200);
  });
});

describe('admin disabled', () => {
  const running = gatewayFor('disabled');

  test('admin routes answer 404, even with the right password', async () => {
    assertPlainError(await call(running.gw.baseUrl, 'POST', '/admin/api/login', { body: { username: 'admin', password: OLD_PASSWORD } }), 404, 'not_found');
    for (const path of ['/admin/api/usage', '/admin/api/usage/series', '/admin/api/usage/recent']) {
      assertPlainError(await call(running.gw.baseUrl, 'GET', path, { headers: { authorization: 'Bearer anything' } }), 404, 'not_found');
    }
    assertPlainError(await call(running.gw.baseUrl, 'POST', '/admin/api/logout'), 404, 'not_found');
  });

  test('POST /usage admin form is refused as the original did (403), the tenant form still works', async () => {
    const r = await call<{ error: string; code: string }>(running.gw.baseUrl, 'POST', '/usage', { body: { type: 'admin', username: 'admin', password: OLD_PASSWORD } });
    assert.deepEqual([r.status, r.json.code, r.json.error], [403, 'admin_disabled', 'Admin is disabled']);
    assert.equal((await call(running.gw.baseUrl, 'POST', '/usage', { body: { type: 'tenant', apiKey: TENANT_KEY } })).status, 200);
  });

  test('the plain password is hashed at rest even while the admin is disabled', () => {
    assert.ok(!readFileSync(join(running.gw.configDir, 'server.json'), 'utf8').includes(OLD_PASSWORD));
  });
});
