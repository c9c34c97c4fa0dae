// The README's screenshots, taken by hand (not part of `npm test`): the real gateway with two
// fake upstreams on a realistic seeded ledger (four tenants in four zones, a month of Claude Code
// style traffic over three models with heavy cache reads), a few live requests (one upstream
// rate-limited and cooling down), then Chromium at 1280×800 writes PNGs to docs/screenshots/.
// Run: npm run -s build && node dist/bench/readme-screenshots.js
// The Chinese shot needs CJK fonts on the machine (Debian: apt-get install -y fonts-noto-cjk).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import type { LedgerRow } from '../src/storage/types.js';
import { seedRow } from '../test/e2e/dashboard-client.js';
import { REPO_ROOT } from '../test/support/gateway-process.js';
import { OTHER_KEY, TENANT_KEY } from '../test/support/stack.js';
import { startDashboardStack, type DashboardPage, type DashboardStack, type PageOptions } from '../test/browser/harness.js';

const OUT = join(REPO_ROOT, 'docs/screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const TENANTS = [
  { id: 'aurora', name: 'Aurora Labs', key: TENANT_KEY, timezone: 'Asia/Shanghai', allowedModels: ['*'], limits: { daily: { maxUSD: 40 }, '5h': { maxUSD: 15 }, monthly: { maxUSD: 900 }, requestsPerMinute: 60, concurrentRequests: 8 }, peak: 9 },
  { id: 'borealis', name: 'Borealis Works', key: OTHER_KEY, timezone: 'America/New_York', allowedModels: ['*sonnet*', '*haiku*'], limits: { daily: { maxUSD: 25 }, weekly: { maxUSD: 120 } }, priceMultiplier: 1.2, peak: 6 },
  { id: 'cirrus', name: 'Cirrus Analytics', key: 'ccg-readme-cirrus-key-000000000', timezone: 'Europe/Berlin', allowedModels: ['*'], limits: { monthly: { maxUSD: 400 } }, peak: 4 },
  { id: 'dorado', name: 'Dorado Systems', key: 'ccg-readme-dorado-key-000000000', timezone: 'UTC', enabled: false, allowedModels: ['*haiku*'], limits: { daily: { maxUSD: 5 } }, peak: 1.5 },
];

/** $/MTok: input, output. Cache writes 1.25× (5 m) and 2× (1 h) input, reads 0.1× input. */
const MODELS: ReadonlyArray<{ id: string; input: number; output: number; weight: number }> = [
  { id: 'claude-sonnet-4-6', input: 3, output: 15, weight: 0.6 },
  { id: 'claude-opus-4-7', input: 5, output: 25, weight: 0.15 },
  { id: 'claude-haiku-4-5', input: 1, output: 5, weight: 0.25 },
];

/** A small deterministic PRNG (mulberry32), so every run draws the same month. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function localHour(ms: number, tz: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' }).format(ms));
}

function localWeekday(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short' }).format(ms);
}

/** A month of traffic: per tenant and hour a working-day curve in the tenant's zone, Claude Code sized requests. */
function monthOfRows(now: number): LedgerRow[] {
  const rand = prng(20_261_202);
  const rows: LedgerRow[] = [];
  let n = 0;
  for (const t of TENANTS) {
    for (let at = now - 30 * DAY_MS; at < now - 60_000; at += HOUR_MS) {
      const h = localHour(at, t.timezone);
      const weekend = ['Sat', 'Sun'].includes(localWeekday(at, t.timezone));
      const curve = h >= 9 && h < 19 ? 1 - Math.abs(h - 14) / 8 : h >= 19 && h < 23 ? 0.25 : 0.03;
      const count = Math.round(t.peak * curve * (weekend ? 0.3 : 1) * (0.5 + rand()));
      for (let i = 0; i < count; i++) {
        const pick = rand();
        const model = pick < MODELS[0]!.weight ? MODELS[0]! : pick < MODELS[0]!.weight + MODELS[1]!.weight ? MODELS[1]! : MODELS[2]!;
        const input = Math.round(200 + rand() * 3_000);
        const output = Math.round(150 + rand() * rand() * 4_000);
        const cacheRead = Math.round(rand() < 0.85 ? 15_000 + rand() * 120_000 : 0);
        const write5m = Math.round(rand() * 6_000);
        const write1h = rand() < 0.2 ? Math.round(rand() * 8_000) : 0;
        const per = (usdPerMTok: number, tokens: number) => Math.round(tokens * usdPerMTok * 1_000);
        const list = per(model.input, input) + per(model.output, output) + per(model.input * 1.25, write5m) + per(model.input * 2, write1h) + per(model.input * 0.1, cacheRead);
        const failed = rand() < 0.012;
        const ts = Math.min(now - 30_000, at + Math.floor(rand() * HOUR_MS));
        rows.push(
          seedRow(`readme-${String(n++).padStart(6, '0')}`, ts, t.id, {
            modelRequested: model.id,
            modelServed: model.id,
            upstreamId: rand() < 0.55 ? 'up1' : 'up2',
            status: failed ? 529 : 200,
            errorType: failed ? 'overloaded_error' : null,
            inputTokens: failed ? 0 : input,
            outputTokens: failed ? 0 : output,
            cacheWrite5mTokens: failed ? 0 : write5m,
            cacheWrite1hTokens: failed ? 0 : write1h,
            cacheReadTokens: failed ? 0 : cacheRead,
            listCostNano: failed ? 0 : list,
            chargedCostNano: failed ? 0 : Math.round(list * (t.priceMultiplier ?? 1)),
            upstreamCostNano: failed ? 0 : Math.round(list * 0.55),
            durationMs: Math.round(2_000 + rand() * 40_000),
            ttfbMs: Math.round(300 + rand() * 1_500),
            attempts: failed ? 2 : 1,
            userAgent: 'claude-cli/2.1.0 (external, cli)',
          }),
        );
      }
    }
  }
  return rows.sort((a, b) => a.ts - b.ts);
}

async function ask(ds: DashboardStack, apiKey: string, model: string): Promise<void> {
  const client = new Anthropic({ apiKey, baseURL: ds.stack.anthropicBase, maxRetries: 0 });
  await client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'Summarise the last commit' }] });
}

async function shoot(p: DashboardPage, name: string): Promise<void> {
  // Charts are drawn on the next frame after their data arrives.
  await p.page.waitForTimeout(400);
  await p.page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`wrote docs/screenshots/${name}.png`);
}

async function session(ds: DashboardStack, opts: PageOptions, body: (p: DashboardPage) => Promise<void>): Promise<void> {
  const p = await ds.openPage({ viewport: VIEWPORT, ...opts });
  try {
    await body(p);
    p.assertClean();
  } finally {
    await p.close();
  }
}

/** Scrolls so the element's top sits just under the page's top bar. */
async function scrollTo(p: DashboardPage, selector: string): Promise<void> {
  await p.page.locator(selector).first().evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 64));
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const now = Date.now();
  const rows = monthOfRows(now);
  console.log(`seeding ${rows.length} ledger rows`);
  const ds = await startDashboardStack({
    fakes: 2,
    rows,
    tenants: TENANTS.map(({ peak: _peak, ...t }) => t),
    upstream: (_f, i) => (i === 0 ? { name: 'Relay East', description: 'primary', weight: 3 } : { name: 'Relay West', description: 'overflow', weight: 1 }),
  });
  try {
    // Live traffic: the second upstream answers 429 once (so it cools down), the first serves.
    ds.stack.fakes[1]!.queue({ status: 429, retryAfterSec: 300 });
    for (const [key, model] of [
      [TENANT_KEY, 'claude-sonnet-4-6'],
      [TENANT_KEY, 'claude-haiku-4-5'],
      [OTHER_KEY, 'claude-sonnet-4-6'],
      [TENANT_KEY, 'claude-opus-4-7'],
    ] as const) {
      await ask(ds, key, model);
    }

    await session(ds, {}, async (p) => {
      await p.openDashboard();
      await shoot(p, 'sign-in');
    });

    await session(ds, { timezoneId: 'Asia/Shanghai' }, async (p) => {
      await p.loginAsTenant(TENANT_KEY);
      await p.page.getByTestId('usage-report').waitFor();
      await p.page.getByTestId('range-30d').click();
      await p.page.locator('[data-testid=table-cost] tbody tr').nth(29).waitFor({ state: 'attached' });
      await shoot(p, 'tenant-light');
    });

    await session(ds, { timezoneId: 'Asia/Shanghai', colorScheme: 'dark', locale: 'zh-CN' }, async (p) => {
      await p.loginAsTenant(TENANT_KEY);
      await p.page.getByTestId('usage-report').waitFor();
      await p.page.getByTestId('range-7d').click();
      await p.page.locator('[data-testid=table-cost] tbody tr').nth(6).waitFor({ state: 'attached' });
      await scrollTo(p, '[data-testid=kpis]');
      await shoot(p, 'tenant-dark-zh');
    });

    await session(ds, { timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 } }, async (p) => {
      await p.loginAsTenant(TENANT_KEY);
      await p.page.getByTestId('limits').waitFor();
      await p.page.getByTestId('usage-report').waitFor();
      await shoot(p, 'tenant-phone');
    });

    await session(ds, { timezoneId: 'UTC' }, async (p) => {
      await p.loginAsAdmin();
      await p.page.getByTestId('usage-report').waitFor();
      await p.page.getByTestId('range-30d').click();
      await p.page.locator('[data-testid=table-cost] tbody tr').nth(29).waitFor({ state: 'attached' });
      await scrollTo(p, '[data-testid=kpis]');
      await shoot(p, 'admin-overview');

      await p.page.getByTestId('admin-tab-tenants').click();
      await p.page.getByTestId('tenants-range').selectOption('30d');
      await p.page.locator('[data-testid=tenants-table] [data-key=dorado]').waitFor();
      await shoot(p, 'admin-tenants');

      await p.page.getByTestId('admin-tab-upstreams').click();
      await p.page.locator('[data-testid=upstreams-table] [data-key=up2][data-state=cooling]').waitFor();
      await shoot(p, 'admin-upstreams');

      await p.page.getByTestId('admin-tab-live').click();
      await p.page.getByTestId('live-feed').waitFor();
      const live = [TENANT_KEY, OTHER_KEY, TENANT_KEY, 'ccg-readme-cirrus-key-000000000', TENANT_KEY, OTHER_KEY];
      for (const [i, key] of live.entries()) await ask(ds, key, MODELS[i % 3]!.id === 'claude-opus-4-7' && key === OTHER_KEY ? 'claude-haiku-4-5' : MODELS[i % 3]!.id);
      await p.page.locator('[data-testid=live-feed] tbody tr[data-key]').nth(live.length - 1).waitFor();
      await shoot(p, 'admin-live');
    });
  } finally {
    await ds.close();
  }
}

await main();
