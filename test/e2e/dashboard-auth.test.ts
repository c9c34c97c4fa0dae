// Dashboard sign-in and authorisation through the real gateway over plain http: cookie flags, the
// authorisation matrix of every /dashboard/api endpoint for anonymous, tenant A, tenant B and the
// admin, forged cookies, the Origin check, logout, a rotated key ending its sessions, the status
// line and the redirects into the dashboard.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OTHER_KEY, TENANT_KEY } from '../support/stack.js';
import { ADMIN_PASSWORD, assertError, Browser, send, setCookies, startDashboardGateway, type DashboardGateway } from './dashboard-client.js';
import { CAROL_KEY, seedRows, TENANTS } from './dashboard-seed.js';

const API = '/dashboard/api';
const READS = ['/session', '/usage', '/limits', '/recent', '/setup', '/tenants', '/upstreams', '/events'];
const ADMIN_ONLY = ['/tenants', '/upstreams', '/events'];

describe('dashboard sign-in and authorisation', () => {
  let g: DashboardGateway;
  let admin: Browser;
  let alice: Browser;
  let bob: Browser;

  before(async () => {
    g = await startDashboardGateway({ tenants: TENANTS, rows: seedRows(Date.now()), admin: { path: '/admin' } });
    admin = await new Browser(g.base).login({ kind: 'admin', username: 'admin', password: ADMIN_PASSWORD });
    alice = await new Browser(g.base).login({ kind: 'tenant', apiKey: TENANT_KEY });
    bob = await new Browser(g.base).login({ kind: 'tenant', apiKey: OTHER_KEY });
  });
  after(() => g.close());

  test('over plain http the cookie is ccgate_session: HttpOnly, SameSite=Strict, Path=/, no Secure, and holds no key', async () => {
    const b = new Browser(g.base);
    const r = await b.post('/dashboard/api/login', { kind: 'tenant', apiKey: TENANT_KEY });
    assert.equal(r.status, 200, r.text);
    const [line] = setCookies(r);
    assert.match(line!, /^ccgate_session=[A-Za-z0-9_-]{43}; /);
    const attrs = line!.split('; ').slice(1);
    for (const a of ['Path=/', 'HttpOnly', 'SameSite=Strict']) assert.ok(attrs.includes(a), `${a} in ${line}`);
    assert.ok(!attrs.includes('Secure'));
    const unproxied = await new Browser(g.base, { 'x-forwarded-proto': 'https' }).post('/dashboard/api/login', { kind: 'tenant', apiKey: TENANT_KEY });
    assert.match(setCookies(unproxied)[0]!, /^ccgate_session=.*SameSite=Strict$/, 'X-Forwarded-Proto is not trusted without server.trustProxy');
    assert.ok(!line!.includes(TENANT_KEY));
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.equal(r.headers['access-control-allow-origin'], undefined, 'no CORS on the dashboard API');
    assert.deepEqual(r.json, { ...(r.json as object), role: 'tenant', tenant: { id: 'alice', name: 'Alice', timezone: 'Asia/Shanghai', enabled: true } });
  });

  test('every wrong credential gets the same 401; a disabled tenant may sign in and is shown as disabled', async () => {
    const wrong = [
      { kind: 'admin', username: 'admin', password: 'nope' },
      { kind: 'admin', username: 'root', password: ADMIN_PASSWORD },
      { kind: 'tenant', apiKey: 'ccg-not-a-key-000000' },
    ];
    const messages = new Set<string>();
    for (const body of wrong) {
      const r = await new Browser(g.base).post('/dashboard/api/login', body);
      assertError(r, 401, 'unauthenticated');
      assert.deepEqual(setCookies(r), []);
      messages.add((r.json as { error: { message: string } }).error.message);
    }
    assert.equal(messages.size, 1, [...messages].join(' | '));
    assertError(await new Browser(g.base).post('/dashboard/api/login', { kind: 'guest' }), 400, 'invalid_request');
    const carol = await new Browser(g.base).login({ kind: 'tenant', apiKey: CAROL_KEY });
    const s = await carol.get<{ tenant: { enabled: boolean } }>(`${API}/session`);
    assert.equal(s.json.tenant.enabled, false);
    assert.equal((await carol.get(`${API}/usage`)).status, 200, 'a disabled tenant reads its own usage');
  });

  test('authorisation matrix: anonymous 401 everywhere; tenants 403 on admin routes and on each other; admin everything', async () => {
    const anon = new Browser(g.base);
    for (const path of READS) assertError(await anon.get(`${API}${path}`), 401, 'unauthenticated');
    for (const [me, other] of [[alice, 'bob'], [bob, 'alice']] as const) {
      for (const path of ADMIN_ONLY) assertError(await me.get(`${API}${path}`), 403, 'forbidden');
      for (const path of ['/usage', '/limits', '/recent']) {
        assertError(await me.get(`${API}${path}?tenantId=${other}`), 403, 'forbidden');
        assert.equal((await me.get(`${API}${path}`)).status, 200, path);
      }
      assertError(await me.get(`${API}/usage?tenants=${other}`), 403, 'forbidden');
      assertError(await me.get(`${API}/usage?tenantId=nobody`), 403, 'forbidden');
      assert.equal((await me.get(`${API}/setup`)).status, 200);
    }
    assert.equal((await alice.get(`${API}/usage?tenantId=alice&tenants=alice`)).status, 200, 'naming itself is fine');
    for (const path of ['/session', '/usage', '/recent', '/setup', '/tenants', '/upstreams']) assert.equal((await admin.get(`${API}${path}`)).status, 200, path);
    assertError(await admin.get(`${API}/limits`), 400, 'invalid_request');
    assert.equal((await admin.get(`${API}/limits?tenantId=bob`)).status, 200);
    assertError(await admin.get(`${API}/limits?tenantId=nobody`), 404, 'not_found');
    assertError(await admin.get(`${API}/usage?tz=Mars/Base`), 400, 'invalid_request');
    assertError(await alice.get(`${API}/usage?tenant=bob`), 400, 'invalid_request');
    assertError(await alice.get(`${API}/nothing`), 404, 'not_found');
  });

  test('forged, garbage and foreign cookies are 401', async () => {
    for (const cookie of ['ccgate_session=', 'ccgate_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'ccgate_session=../../etc', `ccgate_session=${'x'.repeat(5000)}`, `__Host-ccgate_session=${alice.cookie.split('=')[1]}`, `session=${alice.cookie.split('=')[1]}`]) {
      assertError(await send(g.base, 'GET', `${API}/session`, { cookie }), 401, 'unauthenticated');
    }
  });

  test('Origin check: a state-changing request without Origin or from another origin is 403', async () => {
    const body = { kind: 'tenant', apiKey: TENANT_KEY };
    assertError(await send(g.base, 'POST', `${API}/login`, {}, body), 403, 'forbidden');
    for (const origin of ['http://evil.example', 'null', g.base.replace('127.0.0.1', 'localhost'), `${g.base}.evil.example`, g.base.replace('http:', 'https:')]) {
      assertError(await send(g.base, 'POST', `${API}/login`, { origin }, body), 403, 'forbidden');
    }
    assertError(await send(g.base, 'POST', `${API}/logout`, { cookie: alice.cookie }), 403, 'forbidden');
    assert.equal((await alice.get(`${API}/session`)).status, 200, 'the refused logout did nothing');
    assert.equal((await send(g.base, 'POST', `${API}/login`, { origin: `${g.base}/` }, body)).status, 200, 'the own origin passes');
  });

  test('logout ends the server-side session: replaying the old cookie is 401', async () => {
    const b = await new Browser(g.base).login({ kind: 'admin', username: 'admin', password: ADMIN_PASSWORD });
    const stolen = b.cookie;
    const r = await b.post(`${API}/logout`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { loggedOut: true });
    assert.match(setCookies(r)[0]!, /^ccgate_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    assertError(await send(g.base, 'GET', `${API}/session`, { cookie: stolen }), 401, 'unauthenticated');
  });

  test('status line: a tenant with limits shows each window, one without shows today; 401 in Anthropic\'s shape', async () => {
    const line = async (key: string) => {
      const r = await send(g.base, 'GET', '/anthropic/ccgate/statusline', { 'x-api-key': key });
      assert.equal(r.status, 200, r.text);
      assert.match(String(r.headers['content-type']), /^text\/plain/);
      return r.text.trimEnd();
    };
    const today = async (b: Browser) => (await b.get<{ totals: { cost: { chargedNano: number }; cache: { hitRate: number } } }>(`${API}/usage?range=today`)).json.totals;
    const a = await today(alice);
    assert.equal(await line(TENANT_KEY), `CCGate $${(a.cost.chargedNano / 1e9).toFixed(2)}/$50 today · 5h $${(a.cost.chargedNano / 1e9).toFixed(2)}/$3 · cache ${Math.round(a.cache.hitRate * 100)}%`);
    const b = await today(bob);
    const bobLine = await send(g.base, 'GET', '/anthropic/ccgate/statusline', { authorization: `Bearer ${OTHER_KEY}` });
    assert.equal(bobLine.text.trimEnd(), `CCGate $${(b.cost.chargedNano / 1e9).toFixed(2)} today · cache ${Math.round(b.cache.hitRate * 100)}%`);
    assert.ok(b.cost.chargedNano > 0);
    for (const headers of [{}, { 'x-api-key': 'ccg-wrong-key-123456' }]) {
      const r = await send<{ type: string; error: { type: string } }>(g.base, 'GET', '/anthropic/ccgate/statusline', headers);
      assert.equal(r.status, 401);
      assert.deepEqual([r.json.type, r.json.error.type], ['error', 'authentication_error']);
    }
  });

  test('a browser at / is sent to /dashboard/; API clients keep the JSON; admin.path opens the admin sign-in', async () => {
    const html = 'text/html,application/xhtml+xml,*/*;q=0.8';
    for (const method of ['GET', 'HEAD']) {
      const r = await send(g.base, method, '/', { accept: html });
      assert.equal(r.status, 302);
      assert.equal(r.headers['location'], '/dashboard/');
    }
    const api = await send<{ name: string }>(g.base, 'GET', '/', { accept: 'application/json' });
    assert.deepEqual([api.status, api.json.name], [200, 'CCGate']);
    assert.equal((await send(g.base, 'HEAD', '/')).status, 200, 'Claude Code\'s probe');
    for (const path of ['/admin', '/admin/']) {
      const r = await send(g.base, 'GET', path, { accept: html });
      assert.equal(r.status, 302, path);
      assert.equal(r.headers['location'], '/dashboard/#/login?as=admin');
    }
    assertError(await send(g.base, 'GET', '/admin/api/usage'), 401, 'unauthenticated');
    assertError(await send(g.base, 'GET', '/admin/other'), 404, 'not_found');
  });

  test('a rotated-out key ends its sessions; the new key signs in', async () => {
    const before = await bob.get(`${API}/session`);
    assert.equal(before.status, 200);
    const tenants = TENANTS.map((t) => (t.id === 'bob' ? { ...t, key: 'ccg-rotated-bob-key-777777' } : t));
    writeFileSync(join(g.gw.configDir, 'tenants.json'), JSON.stringify({ tenants }, null, 2));
    let status = 200;
    for (let i = 0; i < 100 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await bob.get(`${API}/session`)).status;
    }
    assert.equal(status, 401, 'the session opened with the old key is over');
    assert.equal((await alice.get(`${API}/session`)).status, 200, 'other tenants keep theirs');
    await new Browser(g.base).login({ kind: 'tenant', apiKey: 'ccg-rotated-bob-key-777777' });
  });
});
