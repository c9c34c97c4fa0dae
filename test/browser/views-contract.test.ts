// The tenant and admin views in a real Chromium, fed contract-typed API answers (api-fixtures.ts)
// through Playwright's router: what each view asks (time zone, range, overlay, writes) and what it
// shows (limit cards, exact figures in every chart's table twin, non-blank charts, set-up
// snippets, the one-time key, live upstreams and feed over SSE, audit), the Chinese UI without
// English, and the way back to sign-in when the session ends.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MODELS, mockApi, adminSession, tenantSession, type ApiCall } from './api-fixtures.js';
import { describeBrowser } from './browser-support.js';
import { startDashboardStack, withPage, type DashboardPage, type DashboardStack } from './harness.js';

const STATUSLINE = 'curl -fsS -m 2 -H "x-api-key: $ANTHROPIC_AUTH_TOKEN" "$ANTHROPIC_BASE_URL/ccgate/statusline"';

/** Every text node of the page (hidden ones too) outside code blocks and zone pickers, one per line. */
const UI_TEXT = `(() => {
  const b = document.body.cloneNode(true);
  b.querySelectorAll('pre, code, select').forEach((e) => e.remove());
  const walk = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
  const out = [document.title];
  while (walk.nextNode()) out.push(walk.currentNode.nodeValue);
  return out.join('\\n');
})()`;

/** Data the Chinese UI shows as it is: names, model ids, zones, endpoint values, product names, addresses. */
const DATA_TOKEN = /^(CCGate|English|Alice|Asia\/Shanghai|Claude|Code|OpenAI|anthropic|claude-[\w.-]+|\*sonnet\*|\S*https?:\/\/\S+|ANTHROPIC_\w+|~\/\.claude\/settings\.json|req_ccg_\w+)$/;

/** Latin-script tokens of a text that are not data. */
function englishLeft(text: string): string[] {
  const tokens = text.split(/[\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff,;()·]+/);
  return [...new Set(tokens.filter((t) => /[A-Za-z]{2,}/.test(t) && !DATA_TOKEN.test(t)))];
}

/** Non-blank pixels drawn on a chart's canvas. */
const inkOf = (testid: string) => `(() => {
  const c = document.querySelector('[data-testid=${testid}] canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
  return n;
})()`;

/** Waits until `check` holds (polling; the page's requests are asynchronous). */
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function last(calls: ApiCall[], path: string, method = 'GET'): ApiCall {
  const hit = calls.filter((c) => c.path === path && c.method === method).at(-1);
  assert.ok(hit, `no ${method} ${path} call`);
  return hit;
}

async function cell(p: DashboardPage, table: string, rowKey: string, col: string): Promise<{ text: string; value: string | null }> {
  const loc = p.page.locator(`[data-testid=${table}] [data-key="${rowKey}"] [data-col="${col}"]`);
  return { text: (await loc.textContent()) ?? '', value: await loc.getAttribute('data-value') };
}

describeBrowser('dashboard views against the API contract (browser)', () => {
  let ds: DashboardStack;
  before(async () => {
    ds = await startDashboardStack();
  });
  after(() => ds.close());

  test('tenant: limits, exact figures in the table twins, charts in the budget zone, set-up snippets, 中文', async () => {
    await withPage(ds, 'tenant-view', { timezoneId: 'Europe/Berlin' }, async (p) => {
      await p.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: p.origin });
      const calls = await mockApi(p.page, () => tenantSession(false));
      await p.loginAsTenant('ccg-fixture-tenant-key');
      assert.deepEqual(last(calls, '/login', 'POST').body, { kind: 'tenant', apiKey: 'ccg-fixture-tenant-key' });
      await p.page.getByTestId('usage-report').waitFor();
      const usage = last(calls, '/usage');
      assert.deepEqual(Object.fromEntries(usage.query), { range: 'today', tz: 'Asia/Shanghai', bucket: 'hour' }, 'the tenant’s budget zone, not the browser’s');

      const daily = p.page.getByTestId('limit-card-daily');
      assert.equal(await daily.getByTestId('limit-used').getAttribute('data-used-nano'), '7500000000');
      assert.match((await daily.getByTestId('limit-projection').textContent()) ?? '', /Limit reached at ~\d\d:\d\d at this pace/);
      assert.match((await daily.getByTestId('limit-countdown').textContent()) ?? '', /^in [23]h \d+m$/);
      assert.match((await p.page.getByTestId('limit-card-5h').getByTestId('limit-projection').textContent()) ?? '', /Safe until reset/);
      assert.match((await p.page.getByTestId('limit-card-monthly').getByTestId('limit-projection').textContent()) ?? '', /^Limit reached/);
      assert.equal(await p.page.getByTestId('rate-rpm').getAttribute('data-used'), '7');
      assert.match((await p.page.getByTestId('rate-concurrency').textContent()) ?? '', /no limit/);

      assert.deepEqual(await cell(p, 'table-cost', 'total', 'chargedNano'), { text: '$0.740740734', value: '740740734' });
      assert.deepEqual(await cell(p, 'table-cost', '2026-12-02 04:00', 'chargedNano'), { text: '$0.246913578', value: '246913578' });
      assert.deepEqual(await cell(p, 'table-cost', '2026-12-02 04:00', `model:${MODELS[1]}`), { text: '$0.000001', value: '1000' });
      assert.deepEqual(await cell(p, 'table-tokens', 'total', 'total'), { text: '33,300', value: '33300' });
      assert.deepEqual(await cell(p, 'table-tokens', '2026-12-02 05:00', 'cacheWrite1h'), { text: '150', value: '150' });
      assert.deepEqual(await cell(p, 'table-models', MODELS[0]!, 'chargedNano'), { text: '$0.617283945', value: '617283945' });
      assert.deepEqual(await cell(p, 'table-cache', 'net', 'netSavedNano'), { text: '$0.0594', value: '59400000' });
      assert.equal(await p.page.locator('[data-testid=table-models] [data-col=listNano]').count(), 0, 'no list price for a tenant');
      assert.equal(await p.page.getByTestId('card-cost-tz').textContent(), 'Times in Asia/Shanghai');
      assert.equal(await p.page.getByTestId('card-tokens-tz').textContent(), 'Times in Asia/Shanghai');
      assert.ok(Number(await p.page.evaluate(inkOf('chart-cost'))) > 500, 'spend chart drawn');
      assert.ok(Number(await p.page.evaluate(inkOf('chart-tokens'))) > 500, 'token chart drawn');

      await p.page.getByTestId('range-custom').click();
      await p.page.getByTestId('range-to').fill('2026-11-03');
      await p.page.getByTestId('range-from').fill('2026-11-01');
      await until(() => last(calls, '/usage').query.get('from') === String(Date.parse('2026-10-31T16:00:00Z')));
      assert.deepEqual(Object.fromEntries(last(calls, '/usage').query), { from: String(Date.parse('2026-10-31T16:00:00Z')), to: String(Date.parse('2026-11-03T16:00:00Z')), tz: 'Asia/Shanghai', bucket: 'day' }, 'picked days as the instants they start in the tenant’s zone, last day included');
      await p.page.getByTestId('range-today').click();

      assert.deepEqual(await cell(p, 'recent-table', 'req_ccg_fixture1', 'chargedNano'), { text: '$0.987654321', value: '987654321' });
      assert.equal(await p.page.getByTestId('recent-table').getByRole('columnheader', { name: 'Upstream' }).count(), 0, 'upstream hidden from tenants');

      assert.equal(await p.page.getByTestId('setup-shell').locator('code').textContent(), 'export ANTHROPIC_BASE_URL=http://gateway.test:8787/anthropic\nexport ANTHROPIC_AUTH_TOKEN=<your API key>');
      const settings = JSON.parse((await p.page.getByTestId('setup-settings').locator('code').textContent()) ?? '') as { env: Record<string, string>; statusLine: { type: string; command: string } };
      assert.deepEqual(settings, { env: { ANTHROPIC_BASE_URL: 'http://gateway.test:8787/anthropic', ANTHROPIC_AUTH_TOKEN: '<your API key>' }, statusLine: { type: 'command', command: STATUSLINE } });
      assert.match((await p.page.getByTestId('setup-openai').textContent()) ?? '', /http:\/\/gateway\.test:8787\/openai\/v1[\s\S]*gpt-4o/);
      await p.page.getByTestId('setup-statusline-copy').click();
      assert.equal(await p.page.evaluate('navigator.clipboard.readText()'), STATUSLINE);
      await p.screenshot('tenant-view-en');

      await p.page.getByTestId('lang-toggle').click();
      await p.page.getByTestId('card-cost-tz').getByText('时间为 Asia/Shanghai 时区').waitFor();
      assert.deepEqual(englishLeft(String(await p.page.evaluate(UI_TEXT))), [], 'English left in the Chinese tenant view');
      await p.screenshot('tenant-view-zh');
    });
  });

  test('tenant on a phone: one column, no sideways scrolling of the page', async () => {
    await withPage(ds, 'tenant-phone', { viewport: { width: 390, height: 844 }, colorScheme: 'dark' }, async (p) => {
      await mockApi(p.page, () => tenantSession(true));
      await p.loginAsTenant('ccg-fixture-tenant-key');
      await p.page.getByTestId('usage-report').waitFor();
      assert.ok(Number(await p.page.evaluate('document.documentElement.scrollWidth')) <= 390, 'page wider than the phone');
      assert.equal(await p.page.getByTestId('recent-table').getByRole('columnheader', { name: 'Upstream' }).count(), 1, 'upstream shown when the admin allows it');
      await p.screenshot('tenant-view-phone-dark');
    });
  });

  test('admin: browser zone, tenant filter and overlay, tenants with one-time keys, live upstreams and feed, audit', async () => {
    await withPage(ds, 'admin-view', { timezoneId: 'America/New_York' }, async (p) => {
      const calls = await mockApi(p.page, adminSession);
      await p.loginAsAdmin('admin', 'fixture-password');
      assert.deepEqual(last(calls, '/login', 'POST').body, { kind: 'admin', username: 'admin', password: 'fixture-password' });
      await p.page.getByTestId('usage-report').waitFor();
      assert.equal(last(calls, '/usage').query.get('tz'), 'America/New_York', 'the browser’s zone by default');
      assert.equal(await p.page.getByTestId('card-cost-tz').textContent(), 'Times in America/New_York');
      assert.match((await p.page.getByTestId('kpi-upstream').textContent()) ?? '', /Margin/);
      assert.deepEqual(await cell(p, 'table-cost', 'total', 'upstreamNano'), { text: '$0.370370364', value: '370370364' });
      assert.deepEqual(await cell(p, 'table-tenants-spend', 'alice', 'chargedNano'), { text: '$0.493827156', value: '493827156' });
      assert.match((await p.page.getByTestId('unpriced-models').textContent()) ?? '', /claude-future-9/);
      assert.equal(await p.page.getByTestId('reconciled').getAttribute('data-ok'), 'true');

      await p.page.getByTestId('tenant-select').selectOption('alice');
      await p.page.getByTestId('compare-select').locator('summary').click();
      await p.page.getByTestId('compare-alice').check();
      await p.page.getByTestId('compare-bob').check();
      await p.page.getByTestId('table-tenant-overlay').waitFor({ state: 'attached' });
      // The overlay table is drawn from the first box ticked; wait for the question with both.
      await until(() => last(calls, '/usage').query.get('tenants') === 'alice,bob');
      const overlay = last(calls, '/usage');
      assert.equal(overlay.query.get('tenants'), 'alice,bob');
      assert.equal(overlay.query.get('tenantId'), 'alice');
      assert.deepEqual(await cell(p, 'table-tenant-overlay', '2026-12-02 03:00', 'tenant:bob'), { text: '$0.000001', value: '1000' });
      await p.page.getByTestId('tz-picker').selectOption('Asia/Tokyo');
      await p.page.getByTestId('card-cost-tz').getByText('Times in Asia/Tokyo').waitFor();
      assert.equal(last(calls, '/usage').query.get('tz'), 'Asia/Tokyo');
      await p.screenshot('admin-overview');

      await p.page.getByTestId('admin-tab-tenants').click();
      await p.page.getByTestId('tenants-table').waitFor();
      await p.page.getByTestId('tenant-search').fill('bo');
      assert.deepEqual(await p.page.locator('[data-testid=tenants-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key'))), ['bob']);
      await p.page.getByTestId('tenant-search').fill('');
      await p.page.getByTestId('tenant-toggle-bob').click();
      await until(() => calls.some((c) => c.method === 'PATCH' && c.path === '/tenants/bob'));
      assert.deepEqual(last(calls, '/tenants/bob', 'PATCH').body, { enabled: true });

      await p.page.getByTestId('tenant-create').click();
      await p.page.getByLabel('Name', { exact: true }).fill('Carol');
      await p.page.getByLabel('Daily limit (USD)').fill('12.5');
      await p.page.getByLabel('Requests per minute').fill('30');
      await p.page.getByTestId('tenant-form-save').click();
      await p.page.getByTestId('key-dialog').waitFor();
      assert.deepEqual(last(calls, '/tenants', 'POST').body, { name: 'Carol', enabled: true, allowedModels: ['*'], limits: { daily: { maxUSD: 12.5 }, requestsPerMinute: 30 }, timezone: 'Asia/Tokyo', priceMultiplier: 1 });
      assert.equal(await p.page.getByTestId('key-value').textContent(), 'ccg-fixture-new-key-7d1e');
      assert.match((await p.page.getByTestId('key-once').textContent()) ?? '', /won’t see it again/);
      await p.page.getByTestId('key-done').click();
      assert.ok(!(await p.page.content()).includes('ccg-fixture-new-key-7d1e'), 'the key stays on the page after the dialog');

      await p.page.getByTestId('tenant-rotate-alice').click();
      await p.page.getByTestId('rotate-grace').selectOption('86400');
      await p.page.getByTestId('rotate-confirm').click();
      await p.page.getByTestId('key-dialog').waitFor();
      assert.deepEqual(last(calls, '/tenants/alice/rotate', 'POST').body, { graceSeconds: 86400 });
      assert.equal(await p.page.getByTestId('key-value').textContent(), 'ccg-fixture-rotated-key-3b9a');
      assert.match((await p.page.getByTestId('key-grace').textContent()) ?? '', /keeps working until/);
      await p.page.getByTestId('key-done').click();

      await p.page.getByTestId('tenant-delete-bob').click();
      await p.page.getByTestId('delete-dialog-confirm').click();
      await p.page.getByTestId('delete-dialog').waitFor({ state: 'detached' });
      assert.ok(calls.some((c) => c.method === 'DELETE' && c.path === '/tenants/bob'));

      await p.page.getByTestId('admin-tab-upstreams').click();
      const cooling = p.page.locator('[data-testid=upstreams-table] [data-key=up2]');
      await cooling.waitFor();
      assert.equal(await cooling.getAttribute('data-state'), 'cooling');
      assert.match((await p.page.getByTestId('cooldown-up2').textContent()) ?? '', /1m \d\ds/);
      await p.page.getByTestId('upstream-edit-up1').click();
      await p.page.getByLabel('Weight').fill('5');
      await p.page.getByTestId('upstream-form-save').click();
      await p.page.getByTestId('upstream-form').waitFor({ state: 'detached' });
      assert.deepEqual(last(calls, '/upstreams/up1', 'PATCH').body, { weight: 5, priority: 1, note: 'fixture' });

      await p.page.getByTestId('admin-tab-live').click();
      await p.page.locator('[data-testid=live-feed] [data-key=req_ccg_live1]').waitFor();
      await p.page.getByTestId('live-pause').click();
      assert.equal(await p.page.getByTestId('live-pause').getAttribute('aria-pressed'), 'true');

      await p.page.getByTestId('admin-tab-audit').click();
      await p.page.locator('[data-testid=audit-table] [data-action="tenant.update"]').waitFor();
      await p.screenshot('admin-audit');
    });
  });

  test('a session that ends while the page is open leads back to sign-in', async () => {
    await withPage(ds, 'session-ends', {}, async (p) => {
      await mockApi(p.page, () => tenantSession(false));
      await p.loginAsTenant('ccg-fixture-tenant-key');
      await p.page.getByTestId('usage-report').waitFor();
      p.expectConsoleError(/status of 401/, /\/dashboard\/api\/limits$/);
      await p.page.route('**/dashboard/api/limits', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":{"code":"unauthenticated","message":"session expired"}}' }));
      await p.page.getByTestId('refresh').click();
      await p.page.getByTestId('login-expired').waitFor();
      assert.match(p.page.url(), /#\/login\?expired=1$/);
    });
  });
});
