// The dashboard's sign-in page in a real Chromium against the real gateway: both ways in with
// labelled fields (admin tab pre-selected by #/login?as=admin), the key never kept by the page,
// the page's CSP and cache headers with compressed assets chosen by Accept-Encoding, no CSP
// violation and no request leaving the gateway, language switch to 中文 kept across a reload with
// no English left, light/dark switch kept across a reload, and a phone-width layout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DASHBOARD_CSP } from '../../src/http/dashboard/security-headers.js';
import { describeBrowser } from './browser-support.js';
import { startDashboardStack, withPage, type DashboardStack } from './harness.js';

/** Visible text plus the texts of labelling attributes, of the whole document. */
const PAGE_TEXT = `(() => {
  const parts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('[placeholder],[aria-label],[title],[alt]'))
    for (const a of ['placeholder', 'aria-label', 'title', 'alt']) { const v = el.getAttribute(a); if (v) parts.push(v); }
  return parts.join('\\n');
})()`;

/** Latin words in a text, except the product name and the language switch's "English". */
function englishWords(text: string): string[] {
  return (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => w !== 'CCGate' && w !== 'English');
}

describeBrowser('dashboard sign-in page (browser)', () => {
  let ds: DashboardStack;
  before(async () => {
    ds = await startDashboardStack();
  });
  after(() => ds.close());

  test('both ways in, each with visible labelled fields; ?as=admin pre-selects the admin tab', async () => {
    await withPage(ds, 'sign-in-forms', {}, async (p) => {
      await p.openDashboard();
      const { page } = p;
      assert.equal(await page.getByTestId('login-tab-tenant').getAttribute('aria-selected'), 'true');
      const key = page.getByLabel('API key');
      assert.ok(await key.isVisible(), 'API key field');
      assert.equal(await key.getAttribute('type'), 'password', 'the key is masked');
      await page.getByTestId('login-tab-admin').click();
      assert.ok(await page.getByLabel('Username').isVisible(), 'Username field');
      assert.ok(await page.getByLabel('Password').isVisible(), 'Password field');
      assert.equal(await page.getByLabel('Password').getAttribute('type'), 'password');
      await p.screenshot('sign-in-en-light');

      await p.openDashboard('#/login?as=admin');
      await page.reload();
      await page.getByTestId('login-view').waitFor();
      assert.equal(await page.getByTestId('login-tab-admin').getAttribute('aria-selected'), 'true');
      assert.ok(await page.getByLabel('Username').isVisible(), 'admin form shown first');
    });
  });

  test('a refused key is shown as an error and is kept nowhere: not in storage, URL or the field', async () => {
    await withPage(ds, 'sign-in-refused', {}, async (p) => {
      p.expectConsoleError(/status of 401/, /\/dashboard\/api\/login$/);
      const bogus = 'ccg-browser-test-not-a-key-5f1c2d';
      await p.openDashboard();
      await p.page.getByLabel('API key').fill(bogus);
      await p.page.getByTestId('login-submit-tenant').click();
      await p.page.getByTestId('login-error').waitFor();
      assert.equal(await p.page.getByLabel('API key').inputValue(), '', 'the field is cleared');
      const stored = await p.page.evaluate('JSON.stringify([location.href, Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])');
      assert.ok(!String(stored).includes(bogus), `the key is kept by the page: ${String(stored)}`);
      assert.ok(p.requests.every((u) => !u.includes(bogus)), 'the key is in a requested URL');
    });
  });

  test('CSP and cache headers on the page; assets compressed by Accept-Encoding and cached for good; no CSP violation', async () => {
    await withPage(ds, 'headers', {}, async (p) => {
      await p.page.addInitScript('window.__csp = []; document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));');
      const assets: Array<Promise<{ url: string; asked: string; headers: Record<string, string> }>> = [];
      p.page.on('response', (res) => {
        if (!res.url().includes('/dashboard/assets/')) return;
        assets.push(Promise.all([res.allHeaders(), res.request().allHeaders()]).then(([headers, sent]) => ({ url: res.url(), asked: sent['accept-encoding'] ?? '', headers })));
      });
      const res = await p.page.goto(`${p.origin}/dashboard/`);
      assert.ok(res);
      const head = await res.allHeaders();
      assert.equal(head['content-security-policy'], DASHBOARD_CSP);
      assert.equal(head['cache-control'], 'no-cache');
      assert.equal(head['x-frame-options'], 'DENY');
      assert.equal(head['x-content-type-options'], 'nosniff');
      assert.equal(head['referrer-policy'], 'no-referrer');
      await p.page.getByTestId('login-view').waitFor();
      const seen = await Promise.all(assets);
      assert.ok(seen.some((a) => a.url.endsWith('.js')) && seen.some((a) => a.url.endsWith('.css')), 'script and style sheet loaded');
      for (const a of seen) {
        assert.equal(a.headers['cache-control'], 'public, max-age=31536000, immutable', a.url);
        assert.equal(a.headers['content-security-policy'], DASHBOARD_CSP, a.url);
        const expected = /\bbr\b/.test(a.asked) ? 'br' : /\bgzip\b/.test(a.asked) ? 'gzip' : undefined;
        assert.equal(a.headers['content-encoding'], expected, `${a.url} asked ${a.asked}`);
      }
      assert.deepEqual(await p.page.evaluate('window.__csp'), [], 'CSP violations');
    });
  });

  test('中文: the switch is remembered across a reload, sets <html lang> and leaves no English', async () => {
    await withPage(ds, 'sign-in-zh', {}, async (p) => {
      await p.openDashboard();
      assert.equal(await p.page.evaluate('document.documentElement.lang'), 'en');
      await p.page.getByTestId('lang-toggle').click();
      await p.page.reload();
      await p.page.getByTestId('login-view').waitFor();
      assert.equal(await p.page.evaluate('document.documentElement.lang'), 'zh-CN');
      assert.equal(await p.page.getByTestId('lang-toggle').textContent(), 'English');
      for (const tab of ['tenant', 'admin']) {
        await p.page.getByTestId(`login-tab-${tab}`).click();
        const text = String(await p.page.evaluate(PAGE_TEXT));
        assert.match(text, /登录/);
        assert.deepEqual(englishWords(text), [], `English left on the ${tab} tab`);
      }
      assert.ok(await p.page.getByLabel('用户名').isVisible());
      assert.ok(await p.page.getByLabel('密码').isVisible());
      await p.screenshot('sign-in-zh');
      await p.page.getByTestId('lang-toggle').click();
      assert.equal(await p.page.evaluate('document.documentElement.lang'), 'en');
    });
  });

  test('light/dark: follows the system first, the toggle switches and is remembered', async () => {
    await withPage(ds, 'theme', { colorScheme: 'dark' }, async (p) => {
      await p.openDashboard();
      const theme = () => p.page.evaluate('document.documentElement.dataset.theme');
      const background = () => p.page.evaluate('getComputedStyle(document.documentElement).backgroundColor');
      assert.equal(await theme(), 'dark', 'prefers-color-scheme: dark');
      const dark = await background();
      await p.page.getByTestId('theme-toggle').click();
      assert.equal(await theme(), 'light');
      const light = await background();
      assert.notEqual(light, dark);
      await p.page.reload();
      await p.page.getByTestId('login-view').waitFor();
      assert.equal(await theme(), 'light', 'the choice beats the system after a reload');
      assert.equal(await background(), light);
      await p.page.getByTestId('theme-toggle').click();
      assert.equal(await theme(), 'dark');
      await p.screenshot('sign-in-en-dark');
    });
  });

  test('phone width: nothing wider than the screen; only the gateway is ever asked', async () => {
    await withPage(ds, 'phone', { viewport: { width: 375, height: 740 } }, async (p) => {
      await p.openDashboard('#/login?as=admin');
      assert.ok(Number(await p.page.evaluate('document.documentElement.scrollWidth')) <= 375, 'horizontal overflow on a phone');
      await p.page.getByTestId('login-tab-tenant').click();
      await p.screenshot('sign-in-phone');
      assert.ok(p.requests.some((u) => u.startsWith(`${p.origin}/dashboard/assets/`)), 'assets came from the gateway');
      assert.deepEqual(p.foreignRequests(), []);
    });
  });
});
