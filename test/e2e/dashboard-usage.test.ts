// The dashboard's read endpoints through the real gateway on a seeded ledger: totals that equal
// the ledger's sums and reconcile across every view, day buckets split at each tenant's own
// midnight (Asia/Shanghai and America/New_York on the same rows), limit cards, recent requests,
// set-up facts, the admin's tenant and upstream tables, and the live event stream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import type { LimitsReport, LiveEvent, RecentReport, SetupInfo, TenantTable, TotalsJson, UpstreamList, UsageReport } from '../../src/http/dashboard/api-types.js';
import { OTHER_KEY, TENANT_KEY } from '../support/stack.js';
import { ADMIN_PASSWORD, Browser, startDashboardGateway, type DashboardGateway } from './dashboard-client.js';
import { EDGE_ROWS, seedRows, TENANTS } from './dashboard-seed.js';

type Row = Record<string, unknown>;
const API = '/dashboard/api';
const num = (r: Row, c: string) => Number(r[c] ?? 0);
const sum = (rows: Row[], c: string) => rows.reduce((s, r) => s + num(r, c), 0);

function assertTotalsEqualRows(t: TotalsJson, rows: Row[], what: string): void {
  assert.equal(t.requests, rows.length, what);
  assert.equal(t.errors, rows.filter((r) => num(r, 'status') >= 400).length, what);
  assert.equal(t.cost.chargedNano, sum(rows, 'charged_cost_nano'), what);
  assert.equal(t.tokens.input, sum(rows, 'input_tokens'), what);
  assert.equal(t.tokens.cacheRead, sum(rows, 'cache_read_tokens'), what);
  assert.equal(t.tokens.cacheWrite5m, sum(rows, 'cache_write_5m_tokens'), what);
  assert.equal(t.flaggedRequests, rows.filter((r) => num(r, 'price_flagged') === 1).length, what);
}

function assertAddsUp(r: UsageReport, groups: Array<Array<{ requests: number; cost: { chargedNano: number }; tokens: { total: number } }>>): void {
  for (const g of groups) {
    assert.equal(g.reduce((s, x) => s + x.requests, 0), r.totals.requests);
    assert.equal(g.reduce((s, x) => s + x.cost.chargedNano, 0), r.totals.cost.chargedNano);
    assert.equal(g.reduce((s, x) => s + x.tokens.total, 0), r.totals.tokens.total);
  }
}

describe('dashboard read endpoints on a seeded ledger', () => {
  let g: DashboardGateway;
  let admin: Browser;
  let alice: Browser;
  let bob: Browser;

  before(async () => {
    g = await startDashboardGateway({ tenants: TENANTS, rows: seedRows(Date.now()), server: { openai: { models: { 'gpt-4o': 'claude-sonnet-4-6', 'gpt-big': 'claude-opus-4-8' } } } });
    admin = await new Browser(g.base).login({ kind: 'admin', username: 'admin', password: ADMIN_PASSWORD });
    alice = await new Browser(g.base).login({ kind: 'tenant', apiKey: TENANT_KEY });
    bob = await new Browser(g.base).login({ kind: 'tenant', apiKey: OTHER_KEY });
  });
  after(() => g.close());

  test('admin, 30 days: totals equal the ledger\'s sums; Σ byModel = Σ byTenant = Σ byUpstream = Σ buckets = totals', async () => {
    const r = (await admin.get<UsageReport>(`${API}/usage?range=30d`)).json;
    assert.deepEqual(r.reconciled, { byModel: true, byTenant: true, byBucket: true, byUpstream: true });
    const rows = g.ledger().filter((x) => num(x, 'ts') >= r.range.fromMs && num(x, 'ts') < r.range.toMs);
    assertTotalsEqualRows(r.totals, rows, 'totals');
    assertAddsUp(r, [r.byModel, r.byTenant!, r.byUpstream!, r.buckets]);
    assert.equal(r.range.tz, 'UTC');
    assert.equal(r.range.bucket, 'day');
    assert.deepEqual(r.unpricedModels, ['claude-mystery-9']);
    for (const t of r.byTenant!) assertTotalsEqualRows(t, rows.filter((x) => String(x['tenant_id'] ?? '') === t.key), t.key);
    assert.deepEqual(new Set(r.byTenant!.map((t) => t.name)), new Set(['Alice', 'Bob', 'Carol', '(no tenant)']));
    assert.equal(r.totals.cost.listNano, sum(rows, 'list_cost_nano'));
    const charged = r.seriesByModel.chargedNano.flat().reduce((a, b) => a + b, 0);
    assert.equal(charged, r.totals.cost.chargedNano);
  });

  test('a tenant\'s report covers its own rows only, charged cost only, no upstreams', async () => {
    const r = (await alice.get<UsageReport>(`${API}/usage?range=30d`)).json;
    assert.equal(r.tenantId, 'alice');
    assert.equal(r.range.tz, 'Asia/Shanghai', 'a tenant defaults to its budget zone');
    const rows = g.ledger().filter((x) => x['tenant_id'] === 'alice' && num(x, 'ts') >= r.range.fromMs && num(x, 'ts') < r.range.toMs);
    assertTotalsEqualRows(r.totals, rows, 'alice');
    assert.deepEqual(Object.keys(r.totals.cost).sort(), ['chargedNano', 'chargedUsd']);
    assert.equal(r.byTenant, undefined);
    assert.equal(r.byUpstream, undefined);
    assert.equal(r.unpricedModels, undefined);
    assert.deepEqual(r.reconciled, { byModel: true, byTenant: null, byBucket: true, byUpstream: null });
  });

  test('time zones: the same rows split at Shanghai\'s midnight for alice and at New York\'s for bob', async () => {
    const [x, y, z, w] = EDGE_ROWS.map((e) => e.nano) as [number, number, number, number];
    const days = (r: UsageReport) => r.buckets.map((b) => [b.label, b.cost.chargedNano]);
    const sh = (await alice.get<UsageReport>(`${API}/usage?from=2026-11-20T00:00:00%2B08:00&to=2026-11-22T00:00:00%2B08:00&bucket=day`)).json;
    assert.deepEqual(days(sh), [['2026-11-20', x], ['2026-11-21', y + z + w]], '23:30 Shanghai stays on the 20th');
    const ny = (await bob.get<UsageReport>(`${API}/usage?from=2026-11-20T00:00:00-05:00&to=2026-11-22T00:00:00-05:00&bucket=day`)).json;
    assert.equal(ny.range.tz, 'America/New_York');
    assert.deepEqual(days(ny), [['2026-11-20', x + y + z], ['2026-11-21', w]], '23:30 New York stays on the 20th');
    const asNy = (await admin.get<UsageReport>(`${API}/usage?tenantId=alice&tz=America/New_York&from=2026-11-20T05:00:00Z&to=2026-11-22T05:00:00Z&bucket=day`)).json;
    assert.deepEqual(days(asNy), days(ny), 'the admin sees alice\'s rows split in the zone it asks for');
    const hours = (await alice.get<UsageReport>(`${API}/usage?from=2026-11-20T23:00:00%2B08:00&to=2026-11-21T01:00:00%2B08:00`)).json;
    assert.deepEqual(days(hours), [['2026-11-20 23:00', x], ['2026-11-21 00:00', y]]);
  });

  test('overlay: the admin compares tenants per bucket', async () => {
    const r = (await admin.get<UsageReport>(`${API}/usage?range=30d&tenants=bob,alice`)).json;
    const s = r.seriesByTenant!;
    assert.deepEqual([s.keys, s.names], [['bob', 'alice'], ['Bob', 'Alice']]);
    for (const [k, id] of s.keys.entries()) {
      assert.equal(s.chargedNano.reduce((a, b) => a + b[k]!, 0), r.byTenant!.find((t) => t.key === id)!.cost.chargedNano);
    }
  });

  test('limits: budget windows with pace and projection, RPM and concurrency', async () => {
    const r = (await alice.get<LimitsReport>(`${API}/limits`)).json;
    assert.equal(r.tz, 'Asia/Shanghai');
    assert.deepEqual(r.windows.map((w) => w.kind), ['daily', '5h']);
    const recent = g.ledger().filter((x) => x['tenant_id'] === 'alice' && num(x, 'ts') > r.nowMs - 3_600_000);
    for (const w of r.windows) {
      assert.equal(w.paceNanoPerHour, sum(recent, 'charged_cost_nano'), w.kind);
      assert.equal(w.usedNano, sum(recent, 'charged_cost_nano'), `${w.kind}: the seeded spend of the last minutes`);
      assert.equal(w.resetsAt, new Date(w.resetsAtMs).toISOString());
    }
    const daily = r.windows[0]!;
    assert.equal(daily.limitNano, 50e9);
    assert.equal(daily.projectedLimitAtMs, null, '$0.125 an hour never reaches $50 before midnight');
    const rolling = r.windows[1]!;
    assert.ok(rolling.resetsAtMs > r.nowMs && rolling.resetsAtMs <= r.nowMs + 5 * 3_600_000 + 300_000);
    assert.deepEqual(r.requestsPerMinute, { limit: 100, used: 0 });
    assert.deepEqual(r.concurrentRequests, { limit: null, inFlight: 0 });
    const bobs = (await admin.get<LimitsReport>(`${API}/limits?tenantId=bob`)).json;
    assert.deepEqual(bobs.windows, []);
    assert.equal(bobs.requestsPerMinute.limit, null);
  });

  test('recent: newest first, a tenant\'s own rows without upstream ids; the admin sees every row', async () => {
    const mine = (await bob.get<RecentReport>(`${API}/recent?limit=3`)).json;
    assert.equal(mine.requests.length, 3);
    assert.ok(mine.requests.every((q) => q.tenantId === 'bob' && q.upstreamId === null && q.cost.listNano === undefined));
    assert.deepEqual(mine.requests.map((q) => q.ts), [...mine.requests.map((q) => q.ts)].sort((a, b) => b - a));
    const all = (await admin.get<RecentReport>(`${API}/recent?limit=1000`)).json;
    assert.equal(all.requests.length, g.ledger().length);
    assert.ok(all.requests.some((q) => q.upstreamId === 'up1'));
    assert.ok(!JSON.stringify(all).includes('claude-cli/test'), 'no user agent');
  });

  test('setup: base URL as the browser reached it; OpenAI names within the tenant\'s allow-list', async () => {
    const s = (await alice.get<SetupInfo>(`${API}/setup`)).json;
    assert.equal(s.baseUrl, g.base);
    assert.equal(s.anthropicBaseUrl, `${g.base}/anthropic`);
    assert.equal(s.openaiBaseUrl, `${g.base}/openai/v1`);
    assert.equal(s.statuslineUrl, `${g.base}/anthropic/ccgate/statusline`);
    assert.ok(s.openaiModels.includes('gpt-4o'));
    assert.ok(!s.openaiModels.includes('gpt-big'), 'opus is outside alice\'s allow-list');
    assert.ok(!s.openaiModels.some((m) => m.includes('opus')));
    assert.deepEqual(s.allowedModels, ['*sonnet*', '*haiku*']);
  });

  test('tenants table: every tenant with windows, totals and last seen, never a key or hash', async () => {
    const r = await admin.get<TenantTable>(`${API}/tenants?range=30d`);
    for (const secret of [TENANT_KEY, OTHER_KEY, 'keySha256', 'sha256:']) assert.ok(!r.text.includes(secret), secret);
    const t = r.json;
    assert.deepEqual(t.tenants.map((x) => [x.id, x.enabled]), [['alice', true], ['bob', true], ['carol', false]]);
    const rows = g.ledger().filter((x) => num(x, 'ts') >= t.range.fromMs && num(x, 'ts') < t.range.toMs);
    for (const x of t.tenants) {
      const own = rows.filter((q) => q['tenant_id'] === x.id);
      assert.deepEqual([x.requests, x.chargedNano], [own.length, sum(own, 'charged_cost_nano')], x.id);
      assert.equal(x.lastSeenMs, Math.max(...own.map((q) => num(q, 'ts'))), x.id);
      assert.equal(x.graceKeyUntil, null);
    }
    const a = t.tenants[0]!;
    assert.deepEqual(a.limits, { daily: { maxUSD: 50 }, '5h': { maxUSD: 3 }, requestsPerMinute: 100 });
    assert.deepEqual(a.windows.map((w) => w.kind), ['daily', '5h']);
    assert.equal(t.tenants[1]!.priceMultiplier, 2);
  });

  test('upstreams: URL without key, health, strategy', async () => {
    const r = await admin.get<UpstreamList>(`${API}/upstreams`);
    assert.ok(!r.text.includes(g.fake.key));
    assert.equal(r.json.strategy, 'round_robin');
    const [u] = r.json.upstreams;
    assert.deepEqual([u!.id, u!.name, u!.url, u!.state], ['up1', 'Upstream 1', g.fake.url.replace(/\/$/, ''), 'healthy']);
  });

  test('live events: an upstream snapshot at once, each settled request as it happens; logout closes the stream', async () => {
    const watcher = await new Browser(g.base).login({ kind: 'admin', username: 'admin', password: ADMIN_PASSWORD });
    const res = await request(`${g.base}${API}/events`, { headers: { cookie: watcher.cookie } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/event-stream/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const events: LiveEvent[] = [];
    let buffer = '';
    let closed = false;
    res.body.setEncoding('utf8');
    res.body.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = buffer.slice(0, end).split('\n').find((l) => l.startsWith('data: '));
        buffer = buffer.slice(end + 2);
        if (data) events.push(JSON.parse(data.slice(6)) as LiveEvent);
      }
    });
    res.body.on('end', () => (closed = true));
    res.body.on('error', () => (closed = true));
    const until = async (what: string, ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
      assert.ok(ok(), what);
    };
    await until('upstreams snapshot', () => events.some((e) => e.type === 'upstreams'));
    const answer = await request(`${g.base}/anthropic/v1/messages`, { method: 'POST', headers: { 'x-api-key': OTHER_KEY, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'secret prompt text' }] }) });
    const id = answer.headers['x-ccgate-request-id'];
    await answer.body.text();
    await until('the request event', () => events.some((e) => e.type === 'request'));
    const ev = events.find((e): e is Extract<LiveEvent, { type: 'request' }> => e.type === 'request')!;
    assert.deepEqual([ev.request.requestId, ev.request.tenantName, ev.request.upstreamId], [id, 'Bob', 'up1']);
    assert.ok(!JSON.stringify(events).includes('secret prompt'), 'metadata only');
    await watcher.post(`${API}/logout`);
    await until('the stream closes on logout', () => closed);
  });
});
