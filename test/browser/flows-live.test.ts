// Live views, end to end in Chromium against the real gateway: while a request made with the
// Anthropic SDK is in flight and after it ends, the admin's upstream table and live feed change
// without a reload, pushed over the one Server-Sent Events stream the page opened; the page asks
// the dashboard API nothing meanwhile, nor during a quiet period (no polling).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeBrowser } from './browser-support.js';
import { ALICE, apiRequestsSince, askSdk, HAIKU, until, UPSTREAM_NAME, worldOptions } from './flows-world.js';
import { startDashboardStack, withPage, type DashboardPage, type DashboardStack } from './harness.js';

/** How long the page is watched for requests it should not make. */
const QUIET_MS = 4_000;

async function upstreamCell(p: DashboardPage, col: string): Promise<string | null> {
  return p.page.locator(`[data-testid=upstreams-table] [data-key=up1] [data-col=${col}]`).getAttribute('data-value');
}

describeBrowser('dashboard flows: live upstreams and request feed over SSE (browser, real gateway)', () => {
  let ds: DashboardStack;
  before(async () => {
    ds = await startDashboardStack(worldOptions());
  });
  after(() => ds.close());

  test('a request made with the SDK shows up live in the upstream table and the feed; nothing is polled', async () => {
    await withPage(ds, 'flow-live', { timezoneId: 'UTC' }, async (p) => {
      const { page } = p;
      await p.loginAsAdmin();
      await page.getByTestId('admin-tab-upstreams').click();
      await page.locator('[data-testid=live-status][data-status=open]').waitFor();
      const row = page.locator('[data-testid=upstreams-table] [data-key=up1]');
      await row.waitFor();
      assert.match((await row.locator('th').textContent()) ?? '', new RegExp(`^${UPSTREAM_NAME}`));
      assert.equal(await upstreamCell(p, 'inFlight'), '0');
      assert.equal(await upstreamCell(p, 'latency'), '', 'no request has been made yet');

      // A slow answer: the row shows it in flight, then its latency, with no request from the page.
      let mark = p.requests.length;
      ds.stack.fake.queue({ delayMs: 3_000 });
      const slow = askSdk(ds.stack, ALICE.key, HAIKU);
      await until(async () => (await upstreamCell(p, 'inFlight')) === '1', 'the request in flight to show');
      await p.screenshot('flow-upstreams-in-flight');
      const first = await slow;
      assert.equal(first.outcome, 'ok');
      await until(async () => (await upstreamCell(p, 'inFlight')) === '0' && Number(await upstreamCell(p, 'latency')) > 0, 'the finished request’s latency to show');
      assert.deepEqual(apiRequestsSince(p, mark), [], 'the upstream table was updated without asking the API');
      await p.screenshot('flow-upstreams-live');

      // The feed already holds that request (the stream is the admin view's, not the tab's).
      await page.getByTestId('admin-tab-live').click();
      const feed = page.getByTestId('live-feed');
      await feed.locator(`[data-key="${first.requestId}"]`).waitFor();
      mark = p.requests.length;
      const second = await askSdk(ds.stack, ALICE.key, HAIKU);
      assert.equal(second.outcome, 'ok');
      const newRow = feed.locator(`[data-key="${second.requestId}"]`);
      await newRow.waitFor();
      assert.deepEqual(await feed.locator('tbody tr[data-key]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key'))), [second.requestId, first.requestId], 'newest first');
      assert.match((await newRow.textContent()) ?? '', new RegExp(`${ALICE.name}.*${HAIKU}`));
      assert.equal(await newRow.locator('[data-col=status]').getAttribute('data-value'), '200');
      assert.ok(Number(await newRow.locator('[data-col=output]').getAttribute('data-value')) > 0, 'the answer’s tokens');
      assert.deepEqual(apiRequestsSince(p, mark), [], 'the feed row arrived without asking the API');

      // Paused, a new request is held; resumed, it shows.
      await page.getByTestId('live-pause').click();
      const third = await askSdk(ds.stack, ALICE.key, HAIKU);
      await page.getByText('1 new while paused').waitFor();
      assert.equal(await feed.locator(`[data-key="${third.requestId}"]`).count(), 0, 'held while paused');
      await page.getByTestId('live-pause').click();
      await feed.locator(`[data-key="${third.requestId}"]`).waitFor();
      await p.screenshot('flow-live-feed');

      mark = p.requests.length;
      await new Promise((r) => setTimeout(r, QUIET_MS));
      assert.deepEqual(apiRequestsSince(p, mark), [], 'requests to the dashboard API during a quiet period (polling)');
      assert.equal(p.requests.filter((u) => u.endsWith('/dashboard/api/events')).length, 1, 'one event stream, never reopened');
    });
  });
});
