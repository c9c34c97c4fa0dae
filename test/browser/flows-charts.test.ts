// Charts drawn with the seeded numbers, end to end in Chromium against the real gateway: every
// table twin shows exactly the ledger's sums (USD as displayed to the nano-dollar, tokens,
// requests; per model; per day at the viewer's zone, with a row at 23:30 and one at 00:30 Shanghai
// time landing on two Shanghai days but one UTC day), and the uPlot canvases carry the series'
// colours (not blank). Tenant view in its budget zone whatever the browser's zone; admin overview
// in the browser's zone, or any zone it picks, for all tenants or one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LedgerRow } from '../../src/storage/types.js';
import { describeBrowser } from './browser-support.js';
import { ALICE, BOB, cell, groupBy, HAIKU, intText, localDate, localHour, OPUS, rowKeys, seriesInk, SONNET, sums, until, usdText, worldOptions, worldRows, type Sums } from './flows-world.js';
import { startDashboardStack, withPage, type DashboardPage, type DashboardStack } from './harness.js';

const TOKEN_COLS: ReadonlyArray<keyof Sums> = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead', 'total'];

/** The dates of the last `n` days in `tz`, oldest first, ending today. */
function lastDays(n: number, tz: string): string[] {
  const days = new Set<string>();
  for (let back = n + 1; back >= 0; back--) days.add(localDate(Date.now() - back * 86_400_000, tz));
  return [...days].slice(-n);
}

/** Waits until a table twin has exactly `keys` as its body rows (a new report has arrived). */
async function waitForRows(p: DashboardPage, table: string, keys: string[]): Promise<void> {
  await until(async () => JSON.stringify(await rowKeys(p, table)) === JSON.stringify(keys), `${table} rows ${keys[0]} … ${keys.at(-1)}`);
}

/** Asserts a spend row: requests, charged (text and nano), and for the admin list and upstream cost. */
async function assertCostRow(p: DashboardPage, key: string, s: Sums, admin: boolean): Promise<void> {
  assert.deepEqual(await cell(p, 'table-cost', key, 'requests'), { text: intText(s.requests), value: String(s.requests) }, `${key} requests`);
  assert.deepEqual(await cell(p, 'table-cost', key, 'chargedNano'), { text: usdText(s.chargedNano), value: String(s.chargedNano) }, `${key} charged`);
  if (!admin) return;
  assert.deepEqual(await cell(p, 'table-cost', key, 'listNano'), { text: usdText(s.listNano), value: String(s.listNano) }, `${key} list`);
  assert.deepEqual(await cell(p, 'table-cost', key, 'upstreamNano'), { text: usdText(s.upstreamNano), value: String(s.upstreamNano) }, `${key} upstream`);
}

async function assertTokenRow(p: DashboardPage, key: string, s: Sums): Promise<void> {
  for (const col of TOKEN_COLS) assert.deepEqual(await cell(p, 'table-tokens', key, col), { text: intText(s[col]), value: String(s[col]) }, `${key} tokens ${col}`);
}

async function assertGroupRow(p: DashboardPage, table: string, key: string, s: Sums): Promise<void> {
  assert.deepEqual(await cell(p, table, key, 'requests'), { text: intText(s.requests), value: String(s.requests) }, `${table} ${key} requests`);
  assert.deepEqual(await cell(p, table, key, 'chargedNano'), { text: usdText(s.chargedNano), value: String(s.chargedNano) }, `${table} ${key} charged`);
  for (const col of ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const) {
    assert.equal((await cell(p, table, key, col)).value, String(s[col]), `${table} ${key} ${col}`);
  }
}

/** Asserts the spend chart and the token chart drew their data lines. */
async function assertChartsDrawn(p: DashboardPage): Promise<void> {
  assert.ok(Number(await p.page.evaluate(seriesInk('chart-cost', 1))) > 30, 'spend chart: total line drawn');
  assert.ok(Number(await p.page.evaluate(seriesInk('chart-cost', 2))) > 30, 'spend chart: first model line drawn');
  assert.ok(Number(await p.page.evaluate(seriesInk('chart-tokens', 1))) > 30, 'token chart: input line drawn');
}

describeBrowser('dashboard flows: charts drawn with the seeded numbers (browser, real gateway)', () => {
  let ds: DashboardStack;
  let rows: LedgerRow[];
  before(async () => {
    const now = Date.now();
    rows = worldRows(now);
    ds = await startDashboardStack(worldOptions(now));
  });
  after(() => ds.close());

  test('the seed proves a day edge: 23:30 and 00:30 Shanghai are two Shanghai days but one UTC day', () => {
    const [a1, a2] = rows as [LedgerRow, LedgerRow];
    assert.equal(new Intl.DateTimeFormat('en-GB', { timeZone: ALICE.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(a1.ts), '23:30');
    assert.notEqual(localDate(a1.ts, ALICE.timezone), localDate(a2.ts, ALICE.timezone));
    assert.equal(localDate(a1.ts, 'UTC'), localDate(a2.ts, 'UTC'));
  });

  test('tenant view: today by hour and 7 days by day at Asia/Shanghai (browser in Los Angeles), per model, canvases drawn', async () => {
    await withPage(ds, 'flow-tenant-charts', { timezoneId: 'America/Los_Angeles' }, async (p) => {
      const tz = ALICE.timezone;
      const mine = rows.filter((r) => r.tenantId === 'alice');
      await p.loginAsTenant(ALICE.key);
      await p.page.getByTestId('usage-report').waitFor();
      assert.equal(await p.page.getByTestId('card-cost-tz').textContent(), `Times in ${tz}`);

      const today = mine.filter((r) => localDate(r.ts, tz) === localDate(Date.now(), tz));
      for (const [hour, group] of groupBy(today, (r) => localHour(r.ts, tz))) await assertCostRow(p, hour, sums(group), false);
      await assertCostRow(p, 'total', sums(today), false);

      await p.page.getByTestId('range-7d').click();
      const days = lastDays(7, tz);
      await waitForRows(p, 'table-cost', days);
      await waitForRows(p, 'table-tokens', days);
      const byDay = groupBy(mine, (r) => localDate(r.ts, tz));
      assert.ok(byDay.size >= 4, 'rows on at least four Shanghai days');
      for (const day of days) {
        const group = byDay.get(day) ?? [];
        await assertCostRow(p, day, sums(group), false);
        await assertTokenRow(p, day, sums(group));
        for (const model of [SONNET, HAIKU]) {
          const nano = sums(group.filter((r) => r.modelServed === model)).chargedNano;
          assert.deepEqual(await cell(p, 'table-cost', day, `model:${model}`), { text: usdText(nano), value: String(nano) }, `${day} ${model}`);
        }
      }
      // The 23:30 row and the 00:30 row sit in two day buckets.
      const [a1, a2] = mine as [LedgerRow, LedgerRow];
      assert.equal((await cell(p, 'table-cost', localDate(a1.ts, tz), 'chargedNano')).value, String(a1.chargedCostNano));
      assert.equal((await cell(p, 'table-cost', localDate(a2.ts, tz), 'chargedNano')).value, String(sums((byDay.get(localDate(a2.ts, tz)) ?? [])).chargedNano));
      await assertCostRow(p, 'total', sums(mine), false);
      await assertTokenRow(p, 'total', sums(mine));
      assert.deepEqual(await rowKeys(p, 'table-models'), [SONNET, HAIKU], 'by model, largest spend first');
      for (const model of [SONNET, HAIKU]) await assertGroupRow(p, 'table-models', model, sums(mine.filter((r) => r.modelServed === model)));
      assert.equal(await p.page.getByTestId('kpi-requests').locator('.kpi-value').textContent(), String(mine.length));
      const shortUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(sums(mine).chargedNano / 1e9);
      assert.equal(await p.page.getByTestId('kpi-charged').locator('.kpi-value').textContent(), shortUsd);
      await assertChartsDrawn(p);
      await p.screenshot('flow-tenant-view-en');
    });
  });

  test('tenant view on a phone: the same figures, no sideways scrolling', async () => {
    await withPage(ds, 'flow-tenant-phone', { viewport: { width: 390, height: 844 } }, async (p) => {
      await p.loginAsTenant(ALICE.key);
      await p.page.getByTestId('usage-report').waitFor();
      await p.page.getByTestId('range-7d').click();
      await waitForRows(p, 'table-cost', lastDays(7, ALICE.timezone));
      await assertCostRow(p, 'total', sums(rows.filter((r) => r.tenantId === 'alice')), false);
      assert.ok(Number(await p.page.evaluate('document.documentElement.scrollWidth')) <= 390, 'page wider than the phone');
      await assertChartsDrawn(p);
      await p.screenshot('flow-tenant-view-phone');
    });
  });

  test('admin overview: 30 days at UTC (the browser’s zone): totals, per day, per tenant, per model; one tenant at its own zone', async () => {
    await withPage(ds, 'flow-admin-charts', { timezoneId: 'UTC' }, async (p) => {
      await p.loginAsAdmin();
      await p.page.getByTestId('usage-report').waitFor();
      assert.equal(await p.page.getByTestId('card-cost-tz').textContent(), 'Times in UTC');
      await p.page.getByTestId('range-30d').click();
      const days = lastDays(30, 'UTC');
      await waitForRows(p, 'table-cost', days);
      const byDay = groupBy(rows, (r) => localDate(r.ts, 'UTC'));
      for (const day of days) await assertCostRow(p, day, sums(byDay.get(day) ?? []), true);
      const [a1, a2] = rows as [LedgerRow, LedgerRow];
      assert.equal((await cell(p, 'table-cost', localDate(a1.ts, 'UTC'), 'requests')).value, String((byDay.get(localDate(a1.ts, 'UTC')) ?? []).length));
      assert.ok((byDay.get(localDate(a1.ts, 'UTC')) ?? []).includes(a2), 'at UTC the 23:30 and 00:30 Shanghai rows share a day');
      await assertCostRow(p, 'total', sums(rows), true);
      assert.deepEqual(await rowKeys(p, 'table-tenants-spend'), ['bob', 'alice']);
      for (const t of [ALICE, BOB]) await assertGroupRow(p, 'table-tenants-spend', t.id, sums(rows.filter((r) => r.tenantId === t.id)));
      for (const model of [OPUS, SONNET, HAIKU]) await assertGroupRow(p, 'table-models', model, sums(rows.filter((r) => r.modelServed === model)));
      assert.equal(await p.page.getByTestId('reconciled').getAttribute('data-ok'), 'true');
      await assertChartsDrawn(p);
      await p.screenshot('flow-admin-overview');

      // One tenant at its own zone: the same days the tenant sees.
      await p.page.getByTestId('tz-picker').selectOption(ALICE.timezone);
      await p.page.getByTestId('tenant-select').selectOption('alice');
      const shDays = lastDays(30, ALICE.timezone);
      await waitForRows(p, 'table-cost', shDays);
      await p.page.getByTestId('card-cost-tz').getByText(`Times in ${ALICE.timezone}`).waitFor();
      await until(async () => (await cell(p, 'table-cost', 'total', 'requests')).value === '6', 'alice only');
      const mine = rows.filter((r) => r.tenantId === 'alice');
      const aliceDays = groupBy(mine, (r) => localDate(r.ts, ALICE.timezone));
      for (const day of shDays) await assertCostRow(p, day, sums(aliceDays.get(day) ?? []), true);
      await assertCostRow(p, 'total', sums(mine), true);
      assert.equal(await p.page.locator('[data-testid=table-models] [data-key="claude-opus-4-1"]').count(), 0, 'bob’s model is not in alice’s report');
    });
  });
});
