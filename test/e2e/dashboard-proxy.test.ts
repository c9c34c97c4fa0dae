// The dashboard behind a trusted reverse proxy (server.trustProxy, dashboard.publicUrl): the
// __Host- cookie with Secure when the proxy says https, the Origin check against the forwarded or
// public origin, and the login throttle keyed by the client address the proxy added (the
// right-most X-Forwarded-For entry). Regressions: failures from one address no longer lock the
// admin out everywhere, and a spoofed X-Forwarded-For cannot choose the throttle key.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TENANT_KEY } from '../support/stack.js';
import { ADMIN_PASSWORD, assertError, Browser, send, setCookies, startDashboardGateway, type DashboardGateway } from './dashboard-client.js';
import { TENANTS } from './dashboard-seed.js';

const API = '/dashboard/api';
const PUBLIC = 'https://gw.example.com';

/** A browser behind the proxy: the proxy adds X-Forwarded-Proto https and the client's address. */
function viaProxy(g: DashboardGateway, xff: string, origin = PUBLIC): Browser {
  return new Browser(g.base, { 'x-forwarded-proto': 'https', 'x-forwarded-for': xff }, origin);
}

const adminLogin = (password: string, username = 'admin') => ({ kind: 'admin', username, password });

describe('dashboard behind a trusted proxy', () => {
  let g: DashboardGateway;

  before(async () => {
    g = await startDashboardGateway({ tenants: TENANTS, server: { server: { host: '127.0.0.1', trustProxy: true }, dashboard: { publicUrl: `${PUBLIC}/` } } });
  });
  after(() => g.close());

  test('X-Forwarded-Proto https from the trusted proxy: __Host-ccgate_session with Secure; only that name is read over https', async () => {
    const b = viaProxy(g, '192.0.2.10');
    const r = await b.post(`${API}/login`, { kind: 'tenant', apiKey: TENANT_KEY });
    assert.equal(r.status, 200, r.text);
    const line = setCookies(r)[0]!;
    assert.match(line, /^__Host-ccgate_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict; Secure$/);
    assert.equal((await b.get(`${API}/session`)).status, 200);
    const token = b.cookie.split('=')[1]!;
    // A cookie planted over plain http (ccgate_session) is never read for an https request.
    assertError(await send(g.base, 'GET', `${API}/session`, { cookie: `ccgate_session=${token}`, 'x-forwarded-proto': 'https' }), 401, 'unauthenticated');
    const out = await b.post(`${API}/logout`);
    assert.match(setCookies(out)[0]!, /^__Host-ccgate_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict; Secure$/);
  });

  test('Origin: the public URL\'s origin or the forwarded origin; not http, not another host', async () => {
    const body = { kind: 'tenant', apiKey: TENANT_KEY };
    assert.equal((await viaProxy(g, '192.0.2.11').post(`${API}/login`, body)).status, 200);
    const forwarded = new Browser(g.base, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'dash.example.org', 'x-forwarded-for': '192.0.2.11' }, 'https://dash.example.org');
    assert.equal((await forwarded.post(`${API}/login`, body)).status, 200);
    for (const origin of ['http://gw.example.com', 'https://evil.example', 'https://dash.example.org']) {
      assertError(await viaProxy(g, '192.0.2.11', origin).post(`${API}/login`, body), 403, 'forbidden');
    }
  });

  test('set-up snippets use dashboard.publicUrl', async () => {
    const b = await viaProxy(g, '192.0.2.12').login({ kind: 'tenant', apiKey: TENANT_KEY });
    const s = await b.get<{ baseUrl: string; anthropicBaseUrl: string }>(`${API}/setup`);
    assert.deepEqual([s.json.baseUrl, s.json.anthropicBaseUrl], [PUBLIC, `${PUBLIC}/anthropic`]);
  });

  test('regression: many wrong passwords from address A, then the right one from address B signs in', async () => {
    const a = viaProxy(g, '198.51.100.1');
    for (let i = 0; i < 12; i++) {
      const r = await a.post(`${API}/login`, adminLogin(`guess-${i}`));
      assert.ok(r.status === 401 || r.status === 429, r.text);
    }
    assertError(await a.post(`${API}/login`, adminLogin(ADMIN_PASSWORD)), 429, 'login_throttled');
    const b = viaProxy(g, '198.51.100.2');
    assert.equal((await b.post(`${API}/login`, adminLogin(ADMIN_PASSWORD))).status, 200, 'the admin from another address is not locked out');
    const legacy = await send(g.base, 'POST', '/admin/api/login', { 'x-forwarded-for': '198.51.100.3' }, { username: 'admin', password: ADMIN_PASSWORD });
    assert.equal(legacy.status, 200, 'nor on the old admin API');
  });

  test('regression: a spoofed X-Forwarded-For cannot choose the throttle key (the proxy-added right-most entry counts)', async () => {
    // Another username, so the admin's backoff left by the test above plays no part here.
    for (let i = 0; i < 5; i++) {
      assertError(await viaProxy(g, `10.${i}.0.1, 203.0.113.9`).post(`${API}/login`, adminLogin(`guess-${i}`, 'someone')), 401, 'unauthenticated');
    }
    assertError(await viaProxy(g, '198.51.100.77, 203.0.113.9').post(`${API}/login`, adminLogin(ADMIN_PASSWORD)), 429, 'login_throttled');
    assert.equal((await viaProxy(g, '203.0.113.9, 203.0.113.10').post(`${API}/login`, adminLogin(ADMIN_PASSWORD))).status, 200, 'naming the locked address on the left is not being it');
  });

  test('tenant-key sign-ins are throttled per address too', async () => {
    const c = viaProxy(g, '198.51.100.20');
    for (let i = 0; i < 5; i++) assertError(await c.post(`${API}/login`, { kind: 'tenant', apiKey: `ccg-guess-key-${i}-000000` }), 401, 'unauthenticated');
    const locked = await c.post(`${API}/login`, { kind: 'tenant', apiKey: TENANT_KEY });
    assertError(locked, 429, 'login_throttled');
    assert.ok(Number(locked.headers['retry-after']) > 0);
    assert.equal((await viaProxy(g, '198.51.100.21').post(`${API}/login`, { kind: 'tenant', apiKey: TENANT_KEY })).status, 200);
  });

  test('the access log names the proxy-added address, not a spoofed one', async () => {
    await send(g.base, 'GET', '/dashboard/api/access-log-probe', { 'x-forwarded-for': '6.6.6.6, 198.51.100.99' });
    await g.gw.stop();
    const line = readFileSync(join(g.gw.dataDir, 'logs', 'access.log'), 'utf8').split('\n').find((l) => l.includes('access-log-probe'));
    assert.ok(line, 'the probe was logged');
    assert.equal((JSON.parse(line) as { client: string }).client, '198.51.100.99');
  });
});
