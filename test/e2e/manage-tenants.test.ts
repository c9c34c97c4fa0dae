// The admin manages tenants from the dashboard API, against the real gateway process: a created
// key works with the Anthropic SDK at once, rotation with and without grace, disable/enable, limit
// and allow-list edits in effect before the answer, delete, invalid input refused with the file
// untouched, and the audit log — which never holds a key or a hash.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sha256Hex } from '../../src/config/load-config.js';
import type { AuditList, KeyRotated, TenantCreated, TenantRow } from '../../src/http/dashboard/api-types.js';
import { TENANT_KEY, type Stack } from '../support/stack.js';
import { API, ask, manageStack, waitFor } from './manage-helpers.js';
import { assertPlainError, call, type Answer } from './usage-api-client.js';

describe('tenant management', () => {
  let stack: Stack;
  let auth: Record<string, string>;
  let base: string;
  const keys: string[] = [];
  const tenantsFile = () => join(stack.gw.configDir, 'tenants.json');
  const req = <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>> => call<T>(base, method, `${API}${path}`, { headers: auth, ...(body === undefined ? {} : { body }) });

  before(async () => {
    ({ stack, auth } = await manageStack());
    base = stack.gw.baseUrl;
  });
  after(() => stack.close());

  test('create: the key is shown once, works with the SDK at once, and only its hash is stored', async () => {
    const r = await req<TenantCreated>('POST', '/tenants', { name: 'Carol’s Team', allowedModels: ['*haiku*'], limits: { daily: { maxUSD: 2.5 } }, timezone: 'Asia/Shanghai' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const { tenant, apiKey } = r.json;
    keys.push(apiKey);
    assert.match(apiKey, /^ccg-[A-Za-z0-9]{43}$/);
    assert.equal(tenant.id, 'carol-s-team');
    assert.deepEqual([tenant.name, tenant.enabled, tenant.allowedModels, tenant.limits, tenant.timezone, tenant.graceKeyUntil], ['Carol’s Team', true, ['*haiku*'], { daily: { maxUSD: 2.5 } }, 'Asia/Shanghai', null]);
    assert.equal(await ask(stack, apiKey), 'ok', 'the new key works before the file watcher could have noticed');
    const text = readFileSync(tenantsFile(), 'utf8');
    assert.ok(!text.includes(apiKey));
    assert.ok(text.includes(`"keyHash": "sha256:${sha256Hex(apiKey)}"`));
    const again = await req('POST', '/tenants', { name: 'Carol’s Team' });
    assert.equal((again.json as { tenant: TenantRow }).tenant.id, 'carol-s-team-2', 'ids from names are made unique');
    keys.push((again.json as unknown as TenantCreated).apiKey);
    assertPlainError(await req('POST', '/tenants', { id: 'alice', name: 'Impostor' }), 409, 'conflict', /alice/);
  });

  test('edits are in effect before the answer: allow-list, disable/enable, rate limit', async () => {
    const key = keys[0]!;
    assert.equal(await ask(stack, key, 'claude-sonnet-4-6'), 403, 'sonnet is outside *haiku*');
    const widened = await req<{ tenant: TenantRow }>('PATCH', '/tenants/carol-s-team', { allowedModels: ['*sonnet*'] });
    assert.equal(widened.status, 200, widened.text);
    assert.deepEqual(widened.json.tenant.allowedModels, ['*sonnet*']);
    assert.equal(await ask(stack, key, 'claude-sonnet-4-6'), 'ok');
    assert.equal(await ask(stack, key, 'claude-haiku-4-5'), 403, 'haiku is now outside the allow-list');

    assert.equal((await req('PATCH', '/tenants/carol-s-team', { enabled: false })).status, 200);
    assert.equal(await ask(stack, key, 'claude-sonnet-4-6'), 403, 'disabled');
    assert.equal((await req('PATCH', '/tenants/carol-s-team', { enabled: true })).status, 200);
    assert.equal(await ask(stack, key, 'claude-sonnet-4-6'), 'ok', 'enabled again');

    const limited = await req<{ tenant: TenantRow }>('PATCH', '/tenants/carol-s-team', { name: 'Carol', timezone: 'Europe/Paris', priceMultiplier: 1.5, limits: { daily: null, weekly: { maxUSD: 9 }, requestsPerMinute: 1 } });
    assert.equal(limited.status, 200, limited.text);
    assert.deepEqual([limited.json.tenant.name, limited.json.tenant.timezone, limited.json.tenant.priceMultiplier, limited.json.tenant.limits], ['Carol', 'Europe/Paris', 1.5, { weekly: { maxUSD: 9 }, requestsPerMinute: 1 }]);
    assert.equal(await ask(stack, key, 'claude-sonnet-4-6'), 'ok');
    assert.equal(await ask(stack, key, 'claude-sonnet-4-6'), 429, 'one request per minute');
    assert.equal((await req('PATCH', '/tenants/carol-s-team', { limits: { requestsPerMinute: null } })).status, 200);
    assert.equal(await ask(stack, key, 'claude-sonnet-4-6'), 'ok', 'limit removed');
  });

  test('invalid input: 400 naming the field, tenants.json untouched', async () => {
    const before = readFileSync(tenantsFile(), 'utf8');
    const cases: Array<[unknown, RegExp]> = [
      [{ timezone: 'Mars/Olympus_Mons' }, /^timezone: unknown IANA time zone \(tenants\.json tenants\[2\]\.timezone\)/],
      [{ limits: { daily: { maxUSD: -1 } } }, /^limits\.daily\.maxUSD: /],
      [{ limits: { requestsPerMinute: 0 } }, /^limits\.requestsPerMinute: /],
      [{ priceMultiplier: -2 }, /^priceMultiplier: /],
      [{ nickname: 'x' }, /^Unknown field "nickname"/],
      [{ limits: { daily: { maxUSD: 1, currency: 'EUR' } } }, /^Unknown field "limits\.daily\.currency"/],
      [{ enabled: 'yes' }, /^enabled: /],
      [{ name: '' }, /^name: /],
    ];
    for (const [body, message] of cases) assertPlainError(await req('PATCH', '/tenants/carol-s-team', body), 400, 'invalid_request', message);
    assertPlainError(await call(base, 'PATCH', `${API}/tenants/carol-s-team`, { headers: auth, body: '{"name": ' }), 400, 'invalid_request', /not valid JSON/);
    assertPlainError(await req('POST', '/tenants', { name: 'x', id: '../etc' }), 400, 'invalid_request', /^id: /);
    assertPlainError(await req('POST', '/tenants/carol-s-team/rotate', { graceSeconds: 31 * 86_400 }), 400, 'invalid_request', /^graceSeconds: /);
    assertPlainError(await req('PATCH', '/tenants/nobody', { name: 'x' }), 404, 'not_found', /nobody/);
    assertPlainError(await req('POST', '/tenants/nobody/rotate', {}), 404, 'not_found');
    assertPlainError(await req('DELETE', '/tenants/nobody'), 404, 'not_found');
    assert.equal(readFileSync(tenantsFile(), 'utf8'), before);
  });

  test('only a signed-in admin may change anything', async () => {
    // Without a session cookie: a write from no (or another) origin is refused before anything else, one from the dashboard's own origin needs a session.
    assertPlainError(await call(base, 'POST', `${API}/tenants`, { body: { name: 'x' } }), 403, 'forbidden');
    assertPlainError(await call(base, 'POST', `${API}/tenants`, { body: { name: 'x' }, headers: { origin: base } }), 401, 'unauthenticated');
    assertPlainError(await call(base, 'PATCH', `${API}/tenants/alice`, { body: { enabled: false }, headers: { authorization: `Bearer ${TENANT_KEY}` } }), 401, 'unauthenticated');
    assertPlainError(await call(base, 'GET', `${API}/audit`), 401, 'unauthenticated');
    assert.equal(await ask(stack, TENANT_KEY), 'ok');
  });

  test('rotate with a grace period: both keys work, then the old one is refused', async () => {
    const oldKey = keys[1]!;
    const r = await req<KeyRotated>('POST', '/tenants/carol-s-team-2/rotate', { graceSeconds: 2 });
    assert.equal(r.status, 200, r.text);
    const newKey = r.json.apiKey;
    keys.push(newKey);
    assert.notEqual(newKey, oldKey);
    assert.ok(r.json.oldKeyValidUntil !== null && Date.parse(r.json.oldKeyValidUntil) > Date.now());
    assert.equal(r.json.tenant.graceKeyUntil, r.json.oldKeyValidUntil);
    assert.equal(await ask(stack, newKey), 'ok');
    assert.equal(await ask(stack, oldKey), 'ok', 'the old key is valid during the grace period');
    await waitFor(async () => (await ask(stack, oldKey)) === 401, 'the old key to expire');
    assert.equal(await ask(stack, newKey), 'ok');
  });

  test('rotate without grace: the old key is refused at once; a plain `key` becomes `keyHash`', async () => {
    const r = await req<KeyRotated>('POST', '/tenants/alice/rotate');
    assert.equal(r.status, 200, r.text);
    keys.push(r.json.apiKey);
    assert.equal(r.json.oldKeyValidUntil, null);
    assert.equal(await ask(stack, TENANT_KEY), 401);
    assert.equal(await ask(stack, r.json.apiKey), 'ok');
    const text = readFileSync(tenantsFile(), 'utf8');
    assert.ok(!text.includes(TENANT_KEY) && !text.includes(r.json.apiKey));
  });

  test('delete: the key is refused at once', async () => {
    const key = keys[keys.length - 1]!;
    const r = await req('DELETE', '/tenants/alice');
    assert.deepEqual([r.status, r.json], [200, { deleted: true }]);
    assert.equal(await ask(stack, key), 401);
    assert.ok(!readFileSync(tenantsFile(), 'utf8').includes('"alice"'));
  });

  test('audit: every change newest first, by the admin; no key or hash in the file or the logs', async () => {
    const r = await req<AuditList>('GET', '/audit?limit=100');
    assert.equal(r.status, 200, r.text);
    const entries = r.json.entries;
    assert.deepEqual(
      entries.slice(0, 4).map((e) => [e.action, e.target]),
      [
        ['tenant.delete', 'alice'],
        ['tenant.rotate', 'alice'],
        ['tenant.rotate', 'carol-s-team-2'],
        ['tenant.update', 'carol-s-team'],
      ],
    );
    assert.ok(entries.every((e) => e.actor === 'admin:root'));
    for (let i = 1; i < entries.length; i++) assert.ok(entries[i - 1]!.ts >= entries[i]!.ts, 'newest first');
    const create = entries.find((e) => e.action === 'tenant.create' && e.target === 'carol-s-team');
    assert.deepEqual(create?.changes['allowedModels'], [null, ['*haiku*']]);
    assert.deepEqual(create?.changes['limits.daily'], [null, 2.5]);
    assert.deepEqual(entries.find((e) => e.action === 'tenant.rotate' && e.target === 'alice')?.changes, { key: ['(hidden)', 'rotated'] });
    assert.deepEqual(entries.find((e) => e.changes['enabled']?.[1] === false)?.changes, { enabled: [true, false] });
    assert.equal(entries.length, (await req<AuditList>('GET', '/audit')).json.entries.length);
    assert.equal((await req<AuditList>('GET', '/audit?limit=2')).json.entries.length, 2);
    assertPlainError(await req('GET', '/audit?limit=0'), 400, 'invalid_request', /limit/);

    const audit = readFileSync(join(stack.gw.dataDir, 'audit.jsonl'), 'utf8');
    const logs = readdirSync(join(stack.gw.dataDir, 'logs')).map((f) => readFileSync(join(stack.gw.dataDir, 'logs', f), 'utf8')).join('\n');
    for (const key of [...keys, TENANT_KEY]) {
      for (const secret of [key, sha256Hex(key)]) {
        assert.ok(!audit.includes(secret), 'audit log holds a key or hash');
        assert.ok(!logs.includes(secret), 'logs hold a key or hash');
      }
    }
  });
});
