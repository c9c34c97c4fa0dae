// Sign-in and isolation, end to end in Chromium against the real gateway on a seeded ledger: the
// admin and a tenant get in through the labelled forms; a wrong password or key shows the error
// and opens no session; a tenant's page never shows another tenant's name, models or money, and
// its own session cookie, taken from the browser and replayed, is refused every other tenant's
// data and every admin endpoint.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeBrowser } from './browser-support.js';
import { ALICE, apiStatus, BOB, cookieHeader, OPUS, usdText, worldOptions, worldRows } from './flows-world.js';
import { ADMIN_PASSWORD, startDashboardStack, withPage, type DashboardStack } from './harness.js';

const LOGIN_401 = [/status of 401/, /\/dashboard\/api\/login$/] as const;

describeBrowser('dashboard flows: sign-in and isolation (browser, real gateway)', () => {
  let ds: DashboardStack;
  before(async () => {
    ds = await startDashboardStack(worldOptions());
  });
  after(() => ds.close());

  test('admin: a wrong password shows the error and opens no session; the right one opens the admin view', async () => {
    await withPage(ds, 'flow-admin-sign-in', {}, async (p) => {
      p.expectConsoleError(...LOGIN_401);
      const { page } = p;
      await p.openDashboard('#/login?as=admin');
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByTestId('login-submit-admin').click();
      assert.equal(await page.getByTestId('login-error').textContent(), 'Wrong username or password.');
      assert.deepEqual(await p.context.cookies(), [], 'no session cookie after a refused sign-in');
      assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password field is cleared');
      assert.equal(await page.getByTestId('admin-view').count(), 0);
      await p.screenshot('flow-sign-in-admin-refused');

      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await page.getByTestId('login-submit-admin').click();
      await page.getByTestId('admin-view').waitFor();
      assert.equal(await page.getByTestId('who').textContent(), 'Admin admin');
      const cookies = await p.context.cookies();
      assert.equal(cookies.length, 1);
      assert.equal(cookies[0]!.httpOnly, true, 'the session cookie is HttpOnly');
      assert.equal(cookies[0]!.sameSite, 'Strict');
      assert.equal(await page.evaluate('document.cookie'), '', 'page script cannot read the session');
      assert.equal((await apiStatus(p.origin, await cookieHeader(p.context, p.origin), 'GET', '/tenants')).status, 200, 'the cookie is an admin session');
    });
  });

  test('tenant: a wrong key shows the error and opens no session; its own key opens its own view', async () => {
    await withPage(ds, 'flow-tenant-sign-in', { timezoneId: 'America/Los_Angeles' }, async (p) => {
      p.expectConsoleError(...LOGIN_401);
      const { page } = p;
      await p.openDashboard();
      await p.screenshot('flow-sign-in');
      await page.getByLabel('API key').fill(`${ALICE.key}-wrong`);
      await page.getByTestId('login-submit-tenant').click();
      assert.equal(await page.getByTestId('login-error').textContent(), 'This API key is not valid.');
      assert.deepEqual(await p.context.cookies(), []);
      await p.screenshot('flow-sign-in-tenant-refused');

      await p.loginAsTenant(ALICE.key);
      assert.equal(await page.locator('[data-testid=tenant-view] h1').textContent(), ALICE.name);
      assert.equal(await page.getByTestId('tenant-tz').textContent(), 'Times in Asia/Shanghai', 'the tenant’s zone, not the browser’s');
      await page.getByTestId('usage-report').waitFor();
      assert.equal(await page.getByTestId('usage-report').getAttribute('data-tz'), ALICE.timezone);
    });
  });

  test('a tenant never sees another tenant: not in its page, not through the API with its own cookie', async () => {
    await withPage(ds, 'flow-isolation', {}, async (p) => {
      const { page } = p;
      await p.loginAsTenant(ALICE.key);
      await page.getByTestId('usage-report').waitFor();
      await page.getByTestId('range-30d').click();
      await page.locator('[data-testid=usage-report][data-tz]').waitFor();
      await page.getByTestId('table-cost').locator('tbody tr').nth(29).waitFor({ state: 'attached' });
      await page.locator('[data-testid=recent-table] tbody tr[data-key]').first().waitFor();
      const html = await page.content();
      const bobMoney = worldRows(Date.now())
        .filter((r) => r.tenantId === 'bob')
        .map((r) => usdText(r.chargedCostNano));
      for (const secret of [BOB.name, 'Borealis', OPUS, ...bobMoney, 'flow-b']) assert.ok(!html.includes(secret), `alice's page shows ${secret}`);
      assert.ok(html.includes(ALICE.name));
      const recentTenants = await page.locator('[data-testid=recent-table] tbody tr[data-key]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
      assert.deepEqual(recentTenants.sort(), ['flow-a1', 'flow-a2', 'flow-a3', 'flow-a4', 'flow-a5', 'flow-a6'], 'recent requests: alice’s own only');

      const cookie = await cookieHeader(p.context, p.origin);
      assert.match(cookie, /^ccgate_session=/, 'the browser holds the session cookie');
      const get = (path: string) => apiStatus(p.origin, cookie, 'GET', path);
      assert.equal((await get('/usage?range=30d')).status, 200, 'the cookie works for alice’s own data');
      assert.ok(!(await get('/usage?range=30d')).text.includes('"bob"'));
      for (const path of ['/usage?tenantId=bob', '/usage?range=30d&tenants=alice,bob', '/limits?tenantId=bob', '/recent?tenantId=bob', '/tenants', '/upstreams', '/audit', '/events']) {
        const r = await get(path);
        assert.equal(r.status, 403, `${path}: ${r.text}`);
        assert.ok(!r.text.includes(BOB.name) && !r.text.includes(OPUS), `${path} leaks bob`);
      }
      for (const [method, path, body] of [
        ['PATCH', '/tenants/bob', { enabled: false }],
        ['POST', '/tenants/bob/rotate', {}],
        ['DELETE', '/tenants/bob', undefined],
        ['POST', '/tenants', { name: 'Intruder' }],
        ['PATCH', '/upstreams/up1', { weight: 9 }],
      ] as const) {
        assert.equal((await apiStatus(p.origin, cookie, method, path, body)).status, 403, `${method} ${path}`);
      }
      assert.equal((await apiStatus(p.origin, '', 'GET', '/events')).status, 401, 'no cookie: 401');
      await p.screenshot('flow-tenant-isolated');
    });
  });
});
