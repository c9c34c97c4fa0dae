// The admin manages tenants from the page, end to end in Chromium against the real gateway and its
// real config files: a tenant created in the form gets a key shown once, which works at once with
// the official Anthropic SDK (and for the tenant's own sign-in) while tenants.json holds only its
// hash and nothing in the browser keeps it after the dialog; rotation with a short grace (old key
// works, then is refused) and without (refused at once); disable refuses the key, enable restores
// it; the audit tab lists every change and no key.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'jsonc-parser';
import { sha256Hex } from '../../src/config/load-config.js';
import { describeBrowser } from './browser-support.js';
import { ALICE, askSdk, BOB, HAIKU, SONNET, TENANTS, until, worldOptions } from './flows-world.js';
import { startDashboardStack, withPage, type DashboardPage, type DashboardStack } from './harness.js';

const DORA = { id: 'dora', name: 'Dorado Systems', key: 'ccg-test-dora-key-1234567890', enabled: true, allowedModels: ['*'], timezone: 'Europe/Berlin' };
/** Grace the rotate test gives the old key: long enough to use it, short enough to see it end. */
const GRACE_SECONDS = 8;

interface TenantFile {
  tenants: Array<{ id: string; name: string; enabled?: boolean; key?: string; keyHash?: string; timezone?: string; allowedModels?: string[]; limits?: Record<string, unknown>; previousKeys?: Array<{ keyHash: string; validUntil: string }> }>;
}

describeBrowser('dashboard flows: the admin manages tenants (browser, real gateway, real files)', () => {
  let ds: DashboardStack;
  /** Every key a test saw; none may end up in the audit log. */
  const seenKeys: string[] = [];
  const tenantsText = () => readFileSync(join(ds.stack.gw.configDir, 'tenants.json'), 'utf8');
  const tenantFile = () => parse(tenantsText()) as TenantFile;
  before(async () => {
    ds = await startDashboardStack({ ...worldOptions(), tenants: [...TENANTS, DORA] });
  });
  after(() => ds.close());

  async function openTenants(p: DashboardPage): Promise<void> {
    await p.loginAsAdmin();
    await p.page.getByTestId('admin-tab-tenants').click();
    await p.page.getByTestId('tenants-table').waitFor();
  }

  /** Reads the one-time key from the open key dialog and closes it. */
  async function takeKey(p: DashboardPage, screenshot?: string): Promise<{ key: string; grace: string }> {
    const dialog = p.page.getByTestId('key-dialog');
    await dialog.waitFor();
    const key = ((await p.page.getByTestId('key-value').textContent()) ?? '').trim();
    assert.match(key, /^ccg-[A-Za-z0-9]{43}$/);
    assert.match((await p.page.getByTestId('key-once').textContent()) ?? '', /won’t see it again/);
    const grace = (await p.page.getByTestId('key-grace').count()) > 0 ? ((await p.page.getByTestId('key-grace').textContent()) ?? '') : '';
    if (screenshot) await p.screenshot(screenshot);
    await p.page.getByTestId('key-done').click();
    await dialog.waitFor({ state: 'detached' });
    seenKeys.push(key);
    return { key, grace };
  }

  /** Asserts `key` is nowhere in the page, its storage, its cookies or its requests. */
  async function assertKeyGone(p: DashboardPage, key: string): Promise<void> {
    assert.ok(!(await p.page.content()).includes(key), 'the key is still in the page');
    const stored = String(await p.page.evaluate('JSON.stringify([location.href, Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])'));
    assert.ok(!stored.includes(key), `the key is kept by the page: ${stored}`);
    assert.ok(!JSON.stringify(await p.context.storageState()).includes(key), 'the key is in the context’s cookies or storage');
    assert.ok(p.requests.every((u) => !u.includes(key)), 'the key is in a requested URL');
  }

  test('create a tenant in the form: the key shown once works with the SDK at once; only its hash is stored; the page keeps nothing', async () => {
    await withPage(ds, 'flow-create-tenant', { timezoneId: 'UTC' }, async (p) => {
      const { page } = p;
      await openTenants(p);
      await page.getByTestId('tenant-create').click();
      const form = page.getByTestId('tenant-form');
      await form.getByLabel('Name', { exact: true }).fill('Cirrus Analytics');
      await form.getByLabel('Allowed models').fill('*haiku*');
      await form.getByLabel('Daily limit (USD)').fill('5');
      await form.getByLabel('Requests per minute').fill('30');
      await form.getByLabel('Time zone').selectOption('Europe/Berlin');
      await p.screenshot('flow-create-tenant-form');
      await page.getByTestId('tenant-form-save').click();
      const { key } = await takeKey(p, 'flow-create-key-dialog');

      const answer = await askSdk(ds.stack, key, HAIKU);
      assert.equal(answer.outcome, 'ok', 'the new key works with the Anthropic SDK at once');
      assert.ok(answer.text && answer.text.length > 0, 'a real answer from the upstream');
      assert.equal((await askSdk(ds.stack, key, SONNET)).outcome, 403, 'the allow-list from the form is in force');

      const text = tenantsText();
      assert.ok(!text.includes(key), 'tenants.json holds the key');
      const saved = tenantFile().tenants.find((t) => t.id === 'cirrus-analytics');
      assert.ok(saved, 'the tenant is in tenants.json');
      assert.deepEqual(
        { name: saved.name, keyHash: saved.keyHash, key: saved.key, timezone: saved.timezone, allowedModels: saved.allowedModels, limits: saved.limits },
        { name: 'Cirrus Analytics', keyHash: `sha256:${sha256Hex(key)}`, key: undefined, timezone: 'Europe/Berlin', allowedModels: ['*haiku*'], limits: { daily: { maxUSD: 5 }, requestsPerMinute: 30 } },
      );
      await page.locator('[data-testid=tenants-table] [data-key=cirrus-analytics]').waitFor();
      await assertKeyGone(p, key);
      await p.screenshot('flow-tenants-table');

      await withPage(ds, 'flow-new-tenant-sign-in', {}, async (q) => {
        await q.loginAsTenant(key);
        assert.equal(await q.page.locator('[data-testid=tenant-view] h1').textContent(), 'Cirrus Analytics');
        await q.page.locator('[data-testid=recent-table] tbody tr[data-key]').first().waitFor();
        await assertKeyGone(q, key);
      });
    });
  });

  test(`rotate with a ${GRACE_SECONDS} s grace: new key works, old key works during the grace and is refused after it`, async () => {
    await withPage(ds, 'flow-rotate-grace', { timezoneId: 'UTC' }, async (p) => {
      const { page } = p;
      await openTenants(p);
      await page.getByTestId('tenant-rotate-alice').click();
      const grace = page.getByTestId('rotate-grace');
      assert.deepEqual(await grace.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)), ['0', '3600', '86400', '604800', '2592000']);
      // The dialog offers an hour at least; a test cannot wait that long, so it adds a shorter
      // choice to the same <select> and lets the dialog's own code send it.
      await grace.evaluate((el, sec) => (el as HTMLSelectElement).add(new Option(`${sec} s`, String(sec))), GRACE_SECONDS);
      await grace.selectOption(String(GRACE_SECONDS));
      await page.getByTestId('rotate-confirm').click();
      const { key: newKey, grace: graceText } = await takeKey(p);
      assert.match(graceText, /^The old key keeps working until \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2}\.$/);

      assert.equal((await askSdk(ds.stack, newKey)).outcome, 'ok', 'the new key works');
      assert.equal((await askSdk(ds.stack, ALICE.key)).outcome, 'ok', 'the old key works during the grace');
      const previous = tenantFile().tenants.find((t) => t.id === 'alice')?.previousKeys ?? [];
      assert.deepEqual(previous.map((k) => k.keyHash), [`sha256:${sha256Hex(ALICE.key)}`], 'the old key kept as a hash with its end');
      await page.locator('[data-testid=tenants-table] [data-key=alice]').getByText(/Old key valid until/).waitFor();
      await until(async () => (await askSdk(ds.stack, ALICE.key)).outcome === 401, 'the old key to be refused after the grace', (GRACE_SECONDS + 20) * 1000);
      assert.equal((await askSdk(ds.stack, newKey)).outcome, 'ok', 'the new key still works');
      await assertKeyGone(p, newKey);
    });
  });

  test('rotate without grace: the old key is refused at once, the new one works', async () => {
    await withPage(ds, 'flow-rotate-now', { timezoneId: 'UTC' }, async (p) => {
      const { page } = p;
      await openTenants(p);
      assert.equal((await askSdk(ds.stack, BOB.key)).outcome, 'ok');
      await page.getByTestId('tenant-rotate-bob').click();
      assert.equal(await page.getByTestId('rotate-grace').inputValue(), '0', 'no grace by default');
      await page.getByTestId('rotate-confirm').click();
      const { key: newKey, grace } = await takeKey(p);
      assert.equal(grace, 'The old key no longer works.');
      assert.equal((await askSdk(ds.stack, BOB.key)).outcome, 401, 'the old key is refused at once');
      assert.equal((await askSdk(ds.stack, newKey)).outcome, 'ok');
      assert.equal(tenantFile().tenants.find((t) => t.id === 'bob')?.previousKeys, undefined);
      await assertKeyGone(p, newKey);
    });
  });

  test('disable a tenant: its key is refused by /anthropic/v1/messages; enable: it works again', async () => {
    await withPage(ds, 'flow-disable', { timezoneId: 'UTC' }, async (p) => {
      const { page } = p;
      await openTenants(p);
      const row = page.locator('[data-testid=tenants-table] [data-key=dora]');
      const status = row.locator('[data-col=status]');
      assert.equal(await status.textContent(), 'Enabled');
      assert.equal((await askSdk(ds.stack, DORA.key)).outcome, 'ok');
      await page.getByTestId('tenant-toggle-dora').click();
      await status.getByText('Disabled', { exact: true }).waitFor();
      assert.equal(await page.getByTestId('tenant-toggle-dora').textContent(), 'Enable');
      assert.equal(tenantFile().tenants.find((t) => t.id === 'dora')?.enabled, false);
      assert.equal((await askSdk(ds.stack, DORA.key)).outcome, 403, 'a disabled tenant’s key is refused');
      await p.screenshot('flow-tenant-disabled');
      await page.getByTestId('tenant-toggle-dora').click();
      await status.getByText('Enabled', { exact: true }).waitFor();
      assert.equal((await askSdk(ds.stack, DORA.key)).outcome, 'ok', 'enabled again');
    });
  });

  test('audit tab: every change by the admin, newest first, no key anywhere', async () => {
    await withPage(ds, 'flow-audit', { timezoneId: 'UTC' }, async (p) => {
      await p.loginAsAdmin();
      await p.page.getByTestId('admin-tab-audit').click();
      const rows = p.page.locator('[data-testid=audit-table] tbody tr[data-action]');
      await rows.first().waitFor();
      const seen = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-action'), tr.children[3]?.textContent, tr.children[1]?.textContent]));
      assert.deepEqual(seen, [
        ['tenant.update', 'dora', 'admin:admin'],
        ['tenant.update', 'dora', 'admin:admin'],
        ['tenant.rotate', 'bob', 'admin:admin'],
        ['tenant.rotate', 'alice', 'admin:admin'],
        ['tenant.create', 'cirrus-analytics', 'admin:admin'],
      ]);
      const html = await p.page.content();
      for (const key of [...seenKeys, ALICE.key, BOB.key, DORA.key]) {
        assert.ok(!html.includes(key) && !html.includes(sha256Hex(key)), 'a key or its hash in the audit view');
      }
      await p.screenshot('flow-audit');
    });
  });

  test('a hand edit that adds an upstream appears in the open audit tab as "Upstream added" by a config file edit', async () => {
    await withPage(ds, 'flow-audit-hand-edit', { timezoneId: 'UTC' }, async (p) => {
      await p.loginAsAdmin();
      await p.page.getByTestId('admin-tab-audit').click();
      await p.page.locator('[data-testid=audit-table] tbody tr[data-action]').first().waitFor();
      const file = join(ds.stack.gw.configDir, 'upstreams.json');
      const config = JSON.parse(readFileSync(file, 'utf8')) as { upstreams: Array<Record<string, unknown>> };
      config.upstreams.push({ id: 'up2', name: 'relay-west', url: ds.stack.fake.url, key: ds.stack.fake.key });
      writeFileSync(file, JSON.stringify(config, null, 2));
      // The reload reaches the page as a config event; the audit tab reloads itself.
      const added = p.page.locator('[data-testid=audit-table] tr[data-action="upstream.create"]');
      await added.waitFor({ timeout: 20_000 });
      assert.deepEqual(await added.evaluate((tr) => [...tr.children].slice(1, 4).map((td) => td.textContent)), ['config file edit', 'Upstream added', 'up2']);
      assert.ok(!(await p.page.content()).includes(ds.stack.fake.key), 'the upstream key is not shown');
    });
  });
});
