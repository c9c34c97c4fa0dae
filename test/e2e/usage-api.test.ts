// The usage API through the real gateway process: requests made with the Anthropic SDK create
// ledger rows, then POST /usage (the original's shapes) and the dashboard API must report exactly
// the sums of those rows (read from the SQLite file), a tenant key must never see another tenant,
// and no answer may carry prompt or answer text.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { hashPassword } from '../../src/domain/password.js';
import type { TotalsJson } from '../../src/http/routes/usage-api-shape.js';
import type { LegacyTotals, LegacyUsage } from '../../src/http/routes/usage-legacy-shape.js';
import { FAKE_TEXT } from '../support/fake-messages.js';
import { OTHER_KEY, TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import { adminSession, assertPlainError, call, seenBodies, type Answer } from './usage-api-client.js';

type Row = Record<string, unknown>;
type Viewer = 'admin' | 'tenant';

const ADMIN_PASSWORD = 'correct horse battery staple';
const SECRET_PROMPT = `secret-prompt-${randomUUID()}`;
const DAY_MS = 86_400_000;

function num(r: Row, col: string): number {
  return Number(r[col] ?? 0);
}

function sumOf(rows: Row[], col: string): number {
  return rows.reduce((s, r) => s + num(r, col), 0);
}

function nano(usd: number): number {
  return Math.round(usd * 1e9);
}

/** The rich API's totals must equal the rows' sums; a tenant sees only the charged cost. */
function assertTotals(t: TotalsJson, rows: Row[], viewer: Viewer, what: string): void {
  const tokens = { input: sumOf(rows, 'input_tokens'), output: sumOf(rows, 'output_tokens'), cacheWrite5m: sumOf(rows, 'cache_write_5m_tokens'), cacheWrite1h: sumOf(rows, 'cache_write_1h_tokens'), cacheRead: sumOf(rows, 'cache_read_tokens') };
  assert.deepEqual(t.tokens, { ...tokens, total: Object.values(tokens).reduce((a, b) => a + b, 0) }, what);
  assert.equal(t.requests, rows.length, what);
  assert.equal(t.errors, rows.filter((r) => num(r, 'status') >= 400).length, what);
  const charged = sumOf(rows, 'charged_cost_nano');
  assert.equal(t.cost.chargedNano, charged, what);
  assert.equal(t.cost.chargedUsd, charged / 1e9, what);
  if (viewer === 'admin') {
    assert.equal(t.cost.listNano, sumOf(rows, 'list_cost_nano'), what);
    assert.equal(t.cost.upstreamNano, sumOf(rows, 'upstream_cost_nano'), what);
  } else {
    assert.deepEqual(Object.keys(t.cost).sort(), ['chargedNano', 'chargedUsd'], `${what}: a tenant sees only its charged cost`);
  }
}

/** The original's totals must equal the rows' sums, and the four costs add up to the total. */
function assertLegacy(u: LegacyTotals, rows: Row[], what: string): void {
  const charged = sumOf(rows, 'charged_cost_nano');
  assert.equal(u.totalRequests, rows.length, what);
  assert.equal(u.inputTokens, sumOf(rows, 'input_tokens'), what);
  assert.equal(u.outputTokens, sumOf(rows, 'output_tokens'), what);
  assert.equal(u.cacheCreationTokens, sumOf(rows, 'cache_write_5m_tokens') + sumOf(rows, 'cache_write_1h_tokens'), what);
  assert.equal(u.cacheReadTokens, sumOf(rows, 'cache_read_tokens'), what);
  assert.equal(u.totalTokens, u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens, what);
  assert.equal(u.errorCount, rows.filter((r) => num(r, 'status') >= 400).length, what);
  assert.equal(nano(u.totalCost), charged, what);
  assert.equal(nano(u.inputCost) + nano(u.outputCost) + nano(u.cacheCreationCost) + nano(u.cacheReadCost), charged, `${what}: cost kinds add up`);
}

function byColumn(rows: Row[], col: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const k = String(r[col] ?? '(none)');
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}

interface LegacyTenantAnswer {
  success: boolean;
  type: string;
  data: { usage: { tenantId: string; date: string; limits: { usd?: { used: number; limit: number; percentage: number; exceeded: boolean } }; todayUsage: LegacyUsage }; tenant: { id: string; name: string } };
}

interface Summary {
  range: { fromMs: number; toMs: number };
  tenantId: string | null;
  totals: TotalsJson;
  byModel: Array<TotalsJson & { key: string }>;
  byUpstream: Array<TotalsJson & { key: string }>;
  byTenant?: Array<TotalsJson & { key: string; name: string | null }>;
}

describe('usage API through the gateway', () => {
  let stack: Stack;
  let base: string;
  let alice: Anthropic;
  let bob: Anthropic;
  const inRange = (a: Answer<{ range: { fromMs: number; toMs: number } }>) => (r: Row) => num(r, 'ts') >= a.json.range.fromMs && num(r, 'ts') < a.json.range.toMs;
  const ofTenant = (id: string | null) => (r: Row) => r['tenant_id'] === id;

  before(async () => {
    stack = await startStack({
      tenants: [
        { id: 'alice', name: 'Alice', key: TENANT_KEY, allowedModels: ['*'], limits: { daily: { maxUSD: 50 } } },
        { id: 'bob', name: 'Bob', key: OTHER_KEY, allowedModels: ['*'], priceMultiplier: 1.5 },
      ],
      server: { admin: { enabled: true, username: 'admin', passwordHash: await hashPassword(ADMIN_PASSWORD) } },
    });
    base = stack.gw.baseUrl;
    alice = new Anthropic({ apiKey: TENANT_KEY, baseURL: stack.anthropicBase, maxRetries: 0 });
    bob = new Anthropic({ apiKey: OTHER_KEY, baseURL: stack.anthropicBase, maxRetries: 0 });
    const ask = (model: string) => ({ model, max_tokens: 50, messages: [{ role: 'user' as const, content: `${SECRET_PROMPT} ${model}` }] });
    await alice.messages.create(ask('claude-sonnet-4-6'));
    await alice.messages.stream(ask('claude-opus-4-8')).finalMessage();
    await alice.messages.create(ask('claude-haiku-4-5'));
    await assert.rejects(alice.messages.create(ask('claude-sonnet-4-6'), { headers: { 'x-fake-scenario': JSON.stringify({ status: 400 }) } }));
    await bob.messages.create(ask('claude-sonnet-4-6'));
    await bob.messages.stream(ask('claude-haiku-4-5')).finalMessage();
  });
  after(() => stack.close());

  test('the ledger holds rows for both tenants, an error among them', () => {
    const rows = stack.ledger();
    assert.ok(rows.filter(ofTenant('alice')).length >= 4 && rows.filter(ofTenant('bob')).length >= 2);
    assert.ok(rows.some((r) => r['tenant_id'] === 'alice' && num(r, 'status') >= 400), 'the refused request is a row');
    assert.ok(rows.some((r) => r['tenant_id'] === 'bob' && num(r, 'charged_cost_nano') !== num(r, 'list_cost_nano')), 'bob is charged 1.5x');
  });

  test('POST /usage tenant form: that tenant\'s UTC day, equal to the ledger sums', async () => {
    for (const [key, id, name] of [[TENANT_KEY, 'alice', 'Alice'], [OTHER_KEY, 'bob', 'Bob']] as const) {
      const r = await call<LegacyTenantAnswer>(base, 'POST', '/usage', { body: { type: 'tenant', apiKey: key } });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual([r.json.success, r.json.type, r.json.data.tenant], [true, 'tenant', { id, name }]);
      const u = r.json.data.usage;
      assert.equal(u.tenantId, id);
      const dayStart = Date.parse(`${u.date}T00:00:00Z`);
      const rows = stack.ledger().filter((row) => row['tenant_id'] === id && num(row, 'ts') >= dayStart && num(row, 'ts') < dayStart + DAY_MS);
      assertLegacy(u.todayUsage, rows, `${id} day`);
      for (const [model, modelRows] of byColumn(rows, 'model_served')) assertLegacy(u.todayUsage.byModel[model]!, modelRows, `${id} ${model}`);
      assert.equal(Object.keys(u.todayUsage.byModel).length, byColumn(rows, 'model_served').size);
      assert.deepEqual(Object.keys(u.todayUsage.byHour), Array.from({ length: 24 }, (_, h) => String(h)));
      for (const [h, hourRows] of groupByHour(rows, dayStart)) assertLegacy(u.todayUsage.byHour[String(h)]!, hourRows, `${id} hour ${h}`);
      assert.equal(Object.values(u.todayUsage.byHour).reduce((n, h) => n + h.totalRequests, 0), rows.length, 'hours hold every request');
      assert.equal(u.todayUsage.errorRate, Math.round((u.todayUsage.errorCount / rows.length) * 100));
    }
  });

  test('POST /usage daily limit: used, limit, percentage and exceeded as the original reported them', async () => {
    const r = await call<LegacyTenantAnswer>(base, 'POST', '/usage', { body: { type: 'tenant', apiKey: TENANT_KEY } });
    const used = r.json.data.usage.todayUsage.totalCost;
    assert.ok(used > 0);
    assert.deepEqual(r.json.data.usage.limits, { usd: { used, limit: 50, percentage: Math.round((used / 50) * 100), exceeded: false } });
    const b = await call<LegacyTenantAnswer>(base, 'POST', '/usage', { body: { type: 'tenant', apiKey: OTHER_KEY } });
    assert.deepEqual(b.json.data.usage.limits, {}, 'no daily limit, no usd entry');
  });

  test('POST /usage admin form: every row of the day, each tenant, system and upstreams', async () => {
    const r = await call<{ success: boolean; type: string; data: { usage: { todayUsage: LegacyUsage; limits: null; tenants: Array<{ tenantId: string; tenantName: string; usage: LegacyUsage; limits: object }> }; system: Record<string, number>; upstreams: { total: number; healthy: number; upstreams: Array<{ id: string; url: string; healthy: boolean }> } } }>(
      base,
      'POST',
      '/usage',
      { body: { type: 'admin', username: 'admin', password: ADMIN_PASSWORD } },
    );
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.success, r.json.type, r.json.data.usage.limits], [true, 'admin', null]);
    const dayStart = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const day = stack.ledger().filter((row) => num(row, 'ts') >= dayStart);
    assertLegacy(r.json.data.usage.todayUsage, day, 'all tenants');
    assert.deepEqual(r.json.data.usage.tenants.map((t) => [t.tenantId, t.tenantName]), [['alice', 'Alice'], ['bob', 'Bob']]);
    for (const t of r.json.data.usage.tenants) assertLegacy(t.usage, day.filter(ofTenant(t.tenantId)), `admin view of ${t.tenantId}`);
    assert.deepEqual(r.json.data.system, { totalRequests: day.length, totalCost: r.json.data.usage.todayUsage.totalCost, activeTenants: 2, totalUpstreams: 1, healthyUpstreams: 1 });
    assert.deepEqual(r.json.data.upstreams.upstreams.map((u) => [u.id, u.url, u.healthy]), [['up1', stack.fake.url, true]]);
    assert.ok(!r.text.includes(stack.fake.key), 'no upstream key');
  });

  test('POST /usage refusals keep the original shape {"error": message}', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ type: 'tenant', apiKey: 'ccg-wrong-key-000000000' }, 401, 'unauthenticated'],
      [{ type: 'admin', username: 'admin', password: 'wrong' }, 401, 'unauthenticated'],
      [{ type: 'admin', username: 'root', password: ADMIN_PASSWORD }, 401, 'unauthenticated'],
      [{ type: 'superuser' }, 400, 'invalid_request'],
      [{ type: 'tenant' }, 400, 'invalid_request'],
      ['not json', 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const r = await call<{ error: string; code: string }>(base, 'POST', '/usage', { body });
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(typeof r.json.error, 'string');
      assert.equal(r.json.code, code);
    }
    const wrongUser = await call<{ error: string }>(base, 'POST', '/usage', { body: { type: 'admin', username: 'root', password: 'x' } });
    const wrongPass = await call<{ error: string }>(base, 'POST', '/usage', { body: { type: 'admin', username: 'admin', password: 'x' } });
    assert.equal(wrongUser.json.error, wrongPass.json.error, 'one message for a wrong user or password');
    await adminSession(base, 'admin', ADMIN_PASSWORD); // a success clears the failures above
  });

  test('admin summary: totals, by model, by upstream and by tenant equal the ledger over the range', async () => {
    const auth = await adminSession(base, 'admin', ADMIN_PASSWORD);
    const r = await call<Summary>(base, 'GET', '/admin/api/usage', { headers: auth });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.range.toMs - r.json.range.fromMs, DAY_MS, 'default range: the last 24 hours');
    const rows = stack.ledger().filter(inRange(r));
    assertTotals(r.json.totals, rows, 'admin', 'all');
    for (const [dim, col] of [['byModel', 'model_served'], ['byUpstream', 'upstream_id'], ['byTenant', 'tenant_id']] as const) {
      const groups = byColumn(rows, col);
      assert.deepEqual(new Set(r.json[dim]!.map((g) => g.key)), new Set(groups.keys()), dim);
      for (const g of r.json[dim]!) assertTotals(g, groups.get(g.key)!, 'admin', `${dim} ${g.key}`);
    }
    assert.deepEqual(r.json.byTenant!.filter((t) => t.key !== '(none)').map((t) => [t.key, t.name]).sort(), [['alice', 'Alice'], ['bob', 'Bob']]);
  });

  test('admin narrows to one tenant with tenantId, and sees the other with it too', async () => {
    const auth = await adminSession(base, 'admin', ADMIN_PASSWORD);
    for (const id of ['alice', 'bob']) {
      const r = await call<Summary>(base, 'GET', `/admin/api/usage?tenantId=${id}`, { headers: auth });
      assert.equal(r.json.tenantId, id);
      assertTotals(r.json.totals, stack.ledger().filter(inRange(r)).filter(ofTenant(id)), 'admin', id);
      assert.equal(r.json.byTenant, undefined);
    }
  });

  test('series buckets add up to the summary totals, hourly and daily, every bucket present', async () => {
    const auth = await adminSession(base, 'admin', ADMIN_PASSWORD);
    const to = Date.now() + 1;
    const from = to - 3 * DAY_MS;
    for (const [path, headers] of [['/admin/api/usage', auth], ['/api/usage', { 'x-api-key': TENANT_KEY }]] as const) {
      const summary = await call<Summary>(base, 'GET', `${path}?from=${from}&to=${to}`, { headers });
      for (const bucket of ['hour', 'day'] as const) {
        const s = await call<{ bucket: string; buckets: Array<TotalsJson & { startMs: number }> }>(base, 'GET', `${path}/series?from=${from}&to=${to}&bucket=${bucket}`, { headers });
        assert.equal(s.status, 200, s.text);
        const size = bucket === 'hour' ? 3_600_000 : DAY_MS;
        assert.equal(s.json.buckets.length, Math.floor((to - 1) / size) - Math.floor(from / size) + 1, `${bucket} buckets`);
        s.json.buckets.forEach((b, i) => assert.equal(b.startMs, Math.floor(from / size) * size + i * size));
        const sum = (f: (b: TotalsJson) => number) => s.json.buckets.reduce((a, b) => a + f(b), 0);
        assert.equal(sum((b) => b.requests), summary.json.totals.requests, `${path} ${bucket} requests`);
        assert.equal(sum((b) => b.cost.chargedNano), summary.json.totals.cost.chargedNano, `${path} ${bucket} cost`);
        assert.equal(sum((b) => b.tokens.total), summary.json.totals.tokens.total, `${path} ${bucket} tokens`);
      }
    }
  });

  test('recent requests: metadata of the right rows, newest first', async () => {
    const auth = await adminSession(base, 'admin', ADMIN_PASSWORD);
    const r = await call<{ range: { fromMs: number; toMs: number }; requests: Array<Record<string, unknown>> }>(base, 'GET', '/admin/api/usage/recent?limit=3', { headers: auth });
    const newest = stack.ledger().filter(inRange(r)).sort((a, b) => num(b, 'ts') - num(a, 'ts')).slice(0, 3);
    assert.deepEqual(r.json.requests.map((q) => q['requestId']), newest.map((row) => row['request_id']));
    const first = r.json.requests[0]!;
    assert.deepEqual(Object.keys(first).sort(), ['attempts', 'cost', 'durationMs', 'endpoint', 'errorType', 'model', 'modelRequested', 'priceFlagged', 'requestId', 'status', 'stream', 'tenantId', 'time', 'tokens', 'ts', 'ttfbMs', 'upstreamId', 'usageEstimated'].sort());
    assert.equal(first['time'], new Date(num(newest[0]!, 'ts')).toISOString());
  });

  test('a tenant key sees only its own tenant, through every route and parameter', async () => {
    const bobHeaders = [{ 'x-api-key': OTHER_KEY }, { authorization: `Bearer ${OTHER_KEY}` }];
    const aliceIds = stack.ledger().filter(ofTenant('alice')).map((r) => String(r['request_id']));
    const bobRows = stack.ledger().filter(ofTenant('bob'));
    for (const headers of bobHeaders) {
      for (const path of ['/api/usage', '/api/usage/series', '/api/usage/recent']) {
        for (const q of ['', '?tenantId=bob', `?from=${Date.now() - DAY_MS}`, '?limit=1000', '?bucket=day']) {
          if (q.includes('bucket') && !path.endsWith('series')) continue;
          if (q.includes('limit') && !path.endsWith('recent')) continue;
          const r = await call<Summary & { requests?: Array<{ tenantId: string; requestId: string }> }>(base, 'GET', path + q, { headers });
          assert.equal(r.status, 200, `${path}${q}: ${r.text}`);
          assert.equal(r.json.tenantId, 'bob');
          for (const id of aliceIds) assert.ok(!r.text.includes(id), `${path}${q} leaks alice's request ${id}`);
          assert.ok(!r.text.includes('alice'), `${path}${q} names alice`);
          if (path === '/api/usage') assertTotals(r.json.totals, bobRows.filter(inRange(r)), 'tenant', `bob ${q}`);
          if (r.json.requests) assert.ok(r.json.requests.every((x) => x.tenantId === 'bob') && r.json.requests.length === bobRows.filter(inRange(r)).length);
        }
        for (const other of ['alice', 'nobody', '']) {
          assertPlainError(await call(base, 'GET', `${path}?tenantId=${other}`, { headers }), 403, 'forbidden', /own tenant/);
        }
      }
      for (const path of ['/admin/api/usage', '/admin/api/usage/series', '/admin/api/usage/recent', '/admin/api/logout']) {
        const r = await call(base, path.endsWith('logout') ? 'POST' : 'GET', `${path}?tenantId=alice`, { headers });
        assertPlainError(r, 401, 'unauthenticated');
      }
    }
    const legacy = await call<LegacyTenantAnswer>(base, 'POST', '/usage', { body: { type: 'tenant', apiKey: OTHER_KEY, tenantId: 'alice' } });
    assert.equal(legacy.json.data.usage.tenantId, 'bob', 'POST /usage ignores a tenantId in the body');
    assert.ok(!legacy.text.includes('alice'));
  });

  test('usage routes refuse missing or wrong credentials with 401 in the plain shape', async () => {
    for (const path of ['/api/usage', '/api/usage/series', '/api/usage/recent', '/admin/api/usage']) {
      assertPlainError(await call(base, 'GET', path), 401, 'unauthenticated');
      assertPlainError(await call(base, 'GET', path, { headers: { 'x-api-key': 'ccg-wrong-key-000000000' } }), 401, 'unauthenticated');
    }
    assertPlainError(await call(base, 'GET', '/admin/api/usage', { headers: { authorization: 'Bearer forged-session-token' } }), 401, 'unauthenticated', /expired or invalid/);
    assertPlainError(await call(base, 'GET', '/admin/api/usage', { headers: { 'x-api-key': TENANT_KEY } }), 401, 'unauthenticated');
  });

  test('bad ranges and parameters are 400s that say what is wrong', async () => {
    const headers = { 'x-api-key': TENANT_KEY };
    const cases: Array<[string, RegExp]> = [
      ['/api/usage?from=yesterday', /"from" must be epoch milliseconds/],
      ['/api/usage?to=2026-02-30T25:00:00Z', /"to"/],
      [`/api/usage?from=${Date.now()}&to=${Date.now() - 1000}`, /"from" must be before "to"/],
      [`/api/usage?from=${Date.now() - 401 * DAY_MS}`, /at most 400 days/],
      ['/api/usage?tenant=alice', /Unknown query parameter "tenant"/],
      ['/api/usage/series?bucket=week', /"bucket" must be "hour" or "day"/],
      [`/api/usage/series?bucket=hour&from=${Date.now() - 40 * DAY_MS}`, /at most 31 days/],
      ['/api/usage/recent?limit=0', /"limit" must be a whole number/],
    ];
    for (const [path, message] of cases) assertPlainError(await call(base, 'GET', path, { headers }), 400, 'invalid_request', message);
  });

  test('logout ends the session at once', async () => {
    const auth = await adminSession(base, 'admin', ADMIN_PASSWORD);
    assert.equal((await call(base, 'GET', '/admin/api/usage/recent', { headers: auth })).status, 200);
    const out = await call<{ loggedOut: boolean }>(base, 'POST', '/admin/api/logout', { headers: auth });
    assert.deepEqual([out.status, out.json.loggedOut], [200, true]);
    assertPlainError(await call(base, 'GET', '/admin/api/usage/recent', { headers: auth }), 401, 'unauthenticated');
    assertPlainError(await call(base, 'POST', '/admin/api/logout', { headers: auth }), 401, 'unauthenticated');
  });

  test('no usage answer ever carried prompt or answer text', () => {
    assert.ok(seenBodies.length > 50, `answers checked: ${seenBodies.length}`);
    for (const body of seenBodies) {
      assert.ok(!body.includes(SECRET_PROMPT), 'prompt text in a usage answer');
      assert.ok(!body.includes(FAKE_TEXT), 'answer text in a usage answer');
      assert.ok(!body.includes(TENANT_KEY) && !body.includes(OTHER_KEY), 'a tenant key in a usage answer');
    }
  });
});

/** Rows grouped by their UTC hour of the day starting at `dayStart`. */
function groupByHour(rows: Row[], dayStart: number): Map<number, Row[]> {
  const out = new Map<number, Row[]>();
  for (const r of rows) {
    const h = Math.floor((num(r, 'ts') - dayStart) / 3_600_000);
    out.set(h, [...(out.get(h) ?? []), r]);
  }
  return out;
}
