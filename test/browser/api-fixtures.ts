// Contract-typed answers of the dashboard API and a router that serves them to a page
// (Playwright's route), so the views can be driven in a real browser without the server side.
// Figures are distinctive so the table twins can be compared digit for digit.
import type { Page } from 'playwright-core';
import type {
  AuditList,
  LimitsReport,
  RecentReport,
  SessionInfo,
  SetupInfo,
  TenantRow,
  TenantTable,
  TotalsJson,
  UpstreamList,
  UpstreamRow,
  UsageReport,
  WindowJson,
} from '../../src/http/dashboard/api-types.js';

export const NOW_MS = Date.UTC(2026, 11, 2, 6, 30);
export const MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5'];

/** Totals scaled by `n` (exact integers). */
export function totals(n: number): TotalsJson {
  const tokens = { input: 1000 * n, output: 300 * n, cacheWrite5m: 200 * n, cacheWrite1h: 50 * n, cacheRead: 4000 * n, total: 5550 * n };
  const chargedNano = 123_456_789 * n;
  return {
    requests: 10 * n,
    errors: n,
    errorRate: 0.1,
    tokens,
    cost: { chargedNano, chargedUsd: chargedNano / 1e9, listNano: chargedNano, listUsd: chargedNano / 1e9, upstreamNano: 61_728_394 * n, upstreamUsd: (61_728_394 * n) / 1e9 },
    cache: { hitRate: 4000 / 5250, savedNano: 10_800_000 * n, savedUsd: 0.0108 * n, writePremiumNano: 900_000 * n, netSavedNano: 9_900_000 * n, netSavedUsd: 0.0099 * n },
    flaggedRequests: 0,
  };
}

/** A usage report of three hourly buckets (1×, 2×, 3×), split over two models. */
export function usageReport(tz: string, opts: { admin: boolean; tenants?: string[] }): UsageReport {
  const buckets = [1, 2, 3].map((n, i) => ({ ...totals(n), startMs: NOW_MS - (3 - i) * 3_600_000, label: `2026-12-02 0${i + 3}:00` }));
  const split = (keys: string[]) => ({ keys, names: keys.map((k) => k.toUpperCase()), chargedNano: buckets.map((b) => keys.map((_k, j) => (j === 0 ? b.cost.chargedNano - 1000 : 1000))), requests: buckets.map((b) => keys.map((_k, j) => (j === 0 ? b.requests - 1 : 1))) });
  return {
    range: { fromMs: NOW_MS - 3 * 3_600_000, toMs: NOW_MS, from: '', to: '', tz, bucket: 'hour', preset: 'today' },
    tenantId: opts.admin ? null : 'alice',
    totals: totals(6),
    byModel: [
      { ...totals(5), key: MODELS[0]! },
      { ...totals(1), key: MODELS[1]! },
    ],
    ...(opts.admin ? { byTenant: [{ ...totals(4), key: 'alice', name: 'Alice' }, { ...totals(2), key: 'bob', name: 'Bob' }], byUpstream: [{ ...totals(6), key: 'up1' }], unpricedModels: ['claude-future-9'] } : {}),
    buckets,
    seriesByModel: { ...split(MODELS), names: MODELS },
    ...(opts.tenants && opts.tenants.length > 0 ? { seriesByTenant: split(opts.tenants) } : {}),
    reconciled: { byModel: true, byTenant: opts.admin ? true : null, byBucket: true, byUpstream: opts.admin ? true : null },
  };
}

function window(kind: WindowJson['kind'], usedNano: number, limitNano: number, projected: number | null): WindowJson {
  return { kind, usedNano, usedUsd: usedNano / 1e9, limitNano, limitUsd: limitNano / 1e9, periodStartMs: NOW_MS - 3_600_000, resetsAtMs: Date.now() + 3 * 3_600_000 + 120_000, resetsAt: '', paceNanoPerHour: 500_000_000, projectedLimitAtMs: projected };
}

export const LIMITS: LimitsReport = {
  tenantId: 'alice',
  tz: 'Asia/Shanghai',
  nowMs: NOW_MS,
  windows: [window('daily', 7_500_000_000, 10_000_000_000, Date.now() + 3_600_000), window('5h', 1_000_000_000, 5_000_000_000, null), window('monthly', 120_000_000_000, 100_000_000_000, null)],
  requestsPerMinute: { limit: 60, used: 7 },
  concurrentRequests: { limit: null, inFlight: 2 },
};

export const RECENT: RecentReport = {
  tenantId: 'alice',
  requests: [
    { ts: NOW_MS - 60_000, time: '', requestId: 'req_ccg_fixture1', tenantId: 'alice', endpoint: 'anthropic', model: MODELS[0]!, upstreamId: null, status: 200, errorType: null, stream: true, attempts: 1, durationMs: 2300, ttfbMs: 410, priceFlagged: false, usageEstimated: false, tokens: totals(1).tokens, cost: { chargedNano: 987_654_321, chargedUsd: 0.987654321 } },
  ],
};

export const SETUP: SetupInfo = {
  baseUrl: 'http://gateway.test:8787',
  anthropicBaseUrl: 'http://gateway.test:8787/anthropic',
  openaiBaseUrl: 'http://gateway.test:8787/openai/v1',
  statuslineUrl: 'http://gateway.test:8787/anthropic/ccgate/statusline',
  openaiModels: ['gpt-4o', MODELS[0]!],
  allowedModels: ['*sonnet*'],
};

export function tenantRow(id: string, name: string, enabled = true): TenantRow {
  return { id, name, enabled, allowedModels: ['*'], limits: { daily: { maxUSD: 10 } }, timezone: 'Asia/Shanghai', priceMultiplier: 1, graceKeyUntil: null, windows: [LIMITS.windows[0]!], requestsPerMinute: { limit: null, used: 0 }, concurrentRequests: { limit: null, inFlight: 0 }, requests: id === 'alice' ? 40 : 20, errors: 0, chargedNano: id === 'alice' ? 493_827_156 : 246_913_578, cacheHitRate: 0.5, lastSeenMs: NOW_MS };
}

export const TENANTS: TenantTable = { range: usageReport('UTC', { admin: true }).range, tenants: [tenantRow('alice', 'Alice'), tenantRow('bob', 'Bob', false)] };

export function upstreamRow(id: string, state: UpstreamRow['state']): UpstreamRow {
  return { id, name: `Upstream ${id}`, url: `https://${id}.upstream.test`, enabled: state !== 'disabled', weight: 2, priority: 1, note: 'fixture', state, cooldownReason: state === 'cooling' ? 'rate_limited' : null, cooldownRemainingMs: state === 'cooling' ? 90_000 : null, inFlight: 3, errorRate: 0.25, latencyEwmaMs: 812, ttfbEwmaMs: 402, lastError: null, lastSuccessAtMs: NOW_MS, attemptsTotal: 8, failuresTotal: 2 };
}

export const UPSTREAMS: UpstreamList = { strategy: 'round_robin', upstreams: [upstreamRow('up1', 'healthy')] };
export const AUDIT: AuditList = { entries: [{ ts: NOW_MS, time: '', actor: 'admin:admin', action: 'tenant.update', target: 'alice', changes: { 'limits.daily.maxUSD': [5, 10] } }] };

export function adminSession(): SessionInfo {
  return { role: 'admin', username: 'admin', idleExpiresAt: '', absoluteExpiresAt: '', version: '2.0.0', upstreamVisibleToTenants: false };
}

export function tenantSession(upstreamVisible = false): SessionInfo {
  return { role: 'tenant', tenant: { id: 'alice', name: 'Alice', timezone: 'Asia/Shanghai' }, idleExpiresAt: '', absoluteExpiresAt: '', version: '2.0.0', upstreamVisibleToTenants: upstreamVisible };
}

/** One API call the page made. */
export interface ApiCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** Serves the fixtures for /dashboard/api/*; `signedIn` is who POST /login makes. */
export async function mockApi(page: Page, signedIn: () => SessionInfo): Promise<ApiCall[]> {
  const calls: ApiCall[] = [];
  let session: SessionInfo | null = null;
  const json = (status: number, body: unknown) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });
  const answer = (call: ApiCall) => {
    const { path, method } = call;
    if (path === '/login') return json(200, (session = signedIn()));
    if (path === '/logout') {
      session = null;
      return json(200, { loggedOut: true });
    }
    if (!session) return json(401, { error: { code: 'unauthenticated', message: 'no session' } });
    if (path === '/session') return json(200, session);
    if (path === '/usage') return json(200, usageReport(call.query.get('tz') ?? 'UTC', { admin: session.role === 'admin', tenants: call.query.get('tenants')?.split(',') ?? [] }));
    if (path === '/limits') return json(200, LIMITS);
    if (path === '/recent') return json(200, RECENT);
    if (path === '/setup') return json(200, SETUP);
    if (path === '/tenants' && method === 'GET') return json(200, TENANTS);
    if (path === '/tenants' && method === 'POST') return json(200, { tenant: tenantRow('carol', 'Carol'), apiKey: 'ccg-fixture-new-key-7d1e' });
    if (/^\/tenants\/[^/]+\/rotate$/.test(path)) return json(200, { tenant: tenantRow('alice', 'Alice'), apiKey: 'ccg-fixture-rotated-key-3b9a', oldKeyValidUntil: new Date(NOW_MS + 86_400_000).toISOString() });
    if (path.startsWith('/tenants/')) return json(200, method === 'DELETE' ? { deleted: true } : { tenant: tenantRow('alice', 'Alice') });
    if (path === '/upstreams') return json(200, UPSTREAMS);
    if (path.startsWith('/upstreams/')) return json(200, { upstream: UPSTREAMS.upstreams[0] });
    if (path === '/audit') return json(200, AUDIT);
    if (path === '/events') {
      // One burst of events; `retry` keeps EventSource from reconnecting during the test.
      const events = [
        { type: 'upstreams', nowMs: Date.now(), upstreams: [upstreamRow('up1', 'healthy'), upstreamRow('up2', 'cooling')] },
        { type: 'request', request: { ...RECENT.requests[0]!, requestId: 'req_ccg_live1', upstreamId: 'up2', tenantName: 'Alice' } },
      ];
      return { status: 200, contentType: 'text/event-stream', body: `retry: 600000\n\n${events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('')}` };
    }
    return json(404, { error: { code: 'not_found', message: path } });
  };
  await page.route('**/dashboard/api/**', async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    const call: ApiCall = { method: req.method(), path: url.pathname.replace('/dashboard/api', ''), query: url.searchParams, body: req.postData() ? JSON.parse(req.postData()!) : undefined };
    calls.push(call);
    await route.fulfill(answer(call));
  });
  return calls;
}
