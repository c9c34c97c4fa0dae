// Language and theme, end to end in Chromium against the real gateway on a seeded ledger: 中文
// chosen on the tenant's page and on the admin's survives a reload, with no English left in any
// view (data such as names, model ids, zones and addresses excepted) — every admin tab, the
// tenant dialog and the audit entries included; light/dark chosen survives a reload too.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeBrowser } from './browser-support.js';
import { ALICE, englishLeft, UI_TEXT, worldOptions } from './flows-world.js';
import { startDashboardStack, withPage, type DashboardPage, type DashboardStack } from './harness.js';

async function assertNoEnglish(p: DashboardPage, where: string): Promise<void> {
  assert.deepEqual(englishLeft(String(await p.page.evaluate(UI_TEXT))), [], `English left in ${where}`);
}

const theme = (p: DashboardPage) => p.page.evaluate('document.documentElement.dataset.theme');
const background = (p: DashboardPage) => p.page.evaluate('getComputedStyle(document.documentElement).backgroundColor');

describeBrowser('dashboard flows: language and theme kept across reloads (browser, real gateway)', () => {
  let ds: DashboardStack;
  before(async () => {
    ds = await startDashboardStack(worldOptions());
  });
  after(() => ds.close());

  test('tenant view: 中文 and dark survive a reload; no English left; figures stay', async () => {
    await withPage(ds, 'flow-tenant-zh', { colorScheme: 'light' }, async (p) => {
      const { page } = p;
      await p.loginAsTenant(ALICE.key);
      await page.getByTestId('usage-report').waitFor();
      await page.getByTestId('lang-toggle').click();
      assert.equal(await theme(p), 'light');
      const light = await background(p);
      await page.getByTestId('theme-toggle').click();
      assert.equal(await theme(p), 'dark');

      await page.reload();
      await page.getByTestId('tenant-view').waitFor();
      await page.locator('[data-testid=recent-table] tbody tr[data-key]').first().waitFor();
      await page.getByTestId('setup-panel').waitFor();
      assert.equal(await page.evaluate('document.documentElement.lang'), 'zh-CN');
      assert.equal(await theme(p), 'dark', 'dark kept after the reload');
      assert.notEqual(await background(p), light);
      assert.equal(await page.getByTestId('tenant-tz').textContent(), `时间为 ${ALICE.timezone} 时区`);
      assert.equal(await page.getByTestId('range-7d').textContent(), '近 7 天');
      await page.getByTestId('range-7d').click();
      // The previous range's table stays until the new answer arrives (a loaded machine takes a
      // moment): wait for the 7-day total, then check it, so a wrong figure still fails below.
      const total = '[data-testid=table-cost] [data-key=total] [data-col=requests]';
      await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-value') === '6', total, { timeout: 15_000 }).catch(() => undefined);
      assert.equal(await page.locator(total).getAttribute('data-value'), '6');
      await assertNoEnglish(p, 'the tenant view');
      await p.screenshot('flow-tenant-view-zh-dark');

      await page.getByTestId('theme-toggle').click();
      await page.getByTestId('lang-toggle').click();
      await page.reload();
      await page.getByTestId('tenant-view').waitFor();
      assert.equal(await page.evaluate('document.documentElement.lang'), 'en', 'English chosen again is kept too');
      assert.equal(await theme(p), 'light');
      assert.equal(await page.getByTestId('tenant-tz').textContent(), `Times in ${ALICE.timezone}`);
    });
  });

  test('admin views: 中文 survives a reload on every tab; no English left in tabs, dialogs or the audit', async () => {
    await withPage(ds, 'flow-admin-zh', { timezoneId: 'Asia/Shanghai', colorScheme: 'dark' }, async (p) => {
      const { page } = p;
      await p.loginAsAdmin();
      await page.getByTestId('usage-report').waitFor();
      await page.getByTestId('lang-toggle').click();
      // One change through the page, so the audit tab has an entry to show in Chinese.
      await page.getByTestId('admin-tab-tenants').click();
      await page.getByTestId('tenant-toggle-bob').click();
      await page.locator('[data-testid=tenants-table] [data-key=bob] [data-col=status]').getByText('已停用').waitFor();
      await page.getByTestId('tenant-toggle-bob').click();
      await page.locator('[data-testid=tenants-table] [data-key=bob] [data-col=status]').getByText('已启用').waitFor();

      await page.reload();
      await page.getByTestId('admin-view').waitFor();
      assert.equal(await page.evaluate('document.documentElement.lang'), 'zh-CN', 'zh kept after the reload');
      assert.match(page.url(), /#\/admin\/tenants$/, 'the tab kept after the reload');

      const tabs: Array<[string, string]> = [
        ['overview', '[data-testid=usage-report]'],
        ['tenants', '[data-testid=tenants-table] [data-key=alice]'],
        ['upstreams', '[data-testid=upstreams-table] [data-key=up1]'],
        ['live', '[data-testid=live-feed]'],
        ['audit', '[data-testid=audit-table] [data-action="tenant.update"]'],
      ];
      for (const [tab, ready] of tabs) {
        await page.getByTestId(`admin-tab-${tab}`).click();
        await page.locator(ready).first().waitFor();
        await page.locator('[data-testid=live-status][data-status=open]').waitFor();
        await assertNoEnglish(p, `the admin ${tab} tab`);
        await p.screenshot(`flow-admin-${tab}-zh`);
      }
      await page.reload();
      await page.locator('[data-testid=audit-table] [data-action="tenant.update"]').first().waitFor();
      assert.equal(await page.getByTestId('admin-tab-audit').textContent(), '审计日志');

      await page.getByTestId('admin-tab-tenants').click();
      await page.getByTestId('tenant-create').click();
      await page.getByTestId('tenant-form').waitFor();
      await assertNoEnglish(p, 'the new-tenant dialog');
      await page.getByTestId('tenant-form').getByRole('button', { name: '取消' }).click();
      await page.getByTestId('tenant-rotate-alice').click();
      await page.getByTestId('rotate-dialog').waitFor();
      await assertNoEnglish(p, 'the rotate dialog');
    });
  });
});
