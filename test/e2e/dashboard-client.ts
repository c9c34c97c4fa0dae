// Helpers for the dashboard API tests: a gateway started on a ledger seeded with rows at chosen
// times (written through the real SQLite store before the gateway opens it), and a "browser"
// that keeps its session cookie and sends its own Origin, over real HTTP.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { request } from 'undici';
import { hashPassword } from '../../src/domain/password.js';
import { openStore } from '../../src/storage/open-store.js';
import type { LedgerRow } from '../../src/storage/types.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { basicConfig, startGatewayProcess, tempDir, writeConfig, type GatewayProcess } from '../support/gateway-process.js';
import { durableLedgerRows } from '../support/ledger-file.js';

export const ADMIN_PASSWORD = 'correct horse battery staple';

/** One HTTP answer. */
export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: T;
}

/** Sends a request; the body is JSON-encoded unless it is a string. */
export async function send<T = Record<string, unknown>>(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply<T>> {
  const res = await request(`${base}${path}`, {
    method: method as 'GET',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.body.text();
  let json: unknown = {};
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (a status line, a redirect)
  }
  return { status: res.statusCode, headers: res.headers as Reply['headers'], text, json: json as T };
}

/** The Set-Cookie header lines of an answer. */
export function setCookies(r: { headers: Reply['headers'] }): string[] {
  const v = r.headers['set-cookie'];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A browser: its Origin, its cookie, and extra headers (e.g. X-Forwarded-* of a proxy in front). */
export class Browser {
  cookie = '';

  constructor(
    readonly base: string,
    readonly extra: Record<string, string> = {},
    readonly origin = base,
  ) {}

  private headers(more: Record<string, string> = {}): Record<string, string> {
    return { ...this.extra, ...(this.cookie ? { cookie: this.cookie } : {}), ...more };
  }

  async get<T = Record<string, unknown>>(path: string): Promise<Reply<T>> {
    return send<T>(this.base, 'GET', path, this.headers());
  }

  async post<T = Record<string, unknown>>(path: string, body: unknown = {}, more: Record<string, string> = { origin: this.origin }): Promise<Reply<T>> {
    const r = await send<T>(this.base, 'POST', path, this.headers(more), body);
    const first = setCookies(r)[0];
    if (first !== undefined) {
      const pair = first.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? '' : pair;
    }
    return r;
  }

  /** Signs in and asserts it worked. */
  async login(body: Record<string, unknown>): Promise<this> {
    const r = await this.post('/dashboard/api/login', body);
    assert.equal(r.status, 200, r.text);
    assert.ok(this.cookie, 'a session cookie was set');
    return this;
  }
}

/** Asserts the plain error shape with a status and code. */
export function assertError(r: Reply<unknown>, status: number, code: string): void {
  assert.equal(r.status, status, r.text);
  assert.equal((r.json as { error?: { code?: string } }).error?.code, code, r.text);
}

/** Writes rows into a fresh SQLite ledger in `dataDir` through the store itself. */
export async function seedLedger(dataDir: string, rows: readonly LedgerRow[]): Promise<void> {
  const store = await openStore(undefined, join(dataDir, 'ccgate.db'));
  await store.migrate();
  for (const r of rows) await store.insert(r);
  await store.close();
}

/** A complete ledger row; `over` replaces any field. */
export function seedRow(requestId: string, ts: number, tenantId: string | null, over: Partial<LedgerRow> = {}): LedgerRow {
  return {
    requestId,
    ts,
    tenantId,
    endpoint: 'anthropic',
    modelRequested: 'claude-sonnet-4-6',
    modelServed: 'claude-sonnet-4-6',
    upstreamId: 'up1',
    attempts: 1,
    status: 200,
    errorType: null,
    stream: true,
    inputTokens: 1_000,
    outputTokens: 200,
    cacheWrite5mTokens: 100,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 4_000,
    listCostNano: 7_575_000,
    chargedCostNano: 7_575_000,
    upstreamCostNano: 3_787_500,
    priceFlagged: false,
    durationMs: 900,
    ttfbMs: 300,
    userAgent: 'claude-cli/test',
    usageEstimated: false,
    ...over,
  };
}

export interface DashboardGateway {
  gw: GatewayProcess;
  fake: FakeUpstream;
  base: string;
  ledger(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A fake upstream and a gateway with an admin, the given tenants and a seeded ledger. */
export async function startDashboardGateway(opts: { tenants: Array<Record<string, unknown>>; server?: Record<string, unknown>; admin?: Record<string, unknown>; rows?: readonly LedgerRow[] }): Promise<DashboardGateway> {
  const fake = await startFakeUpstream();
  const configDir = tempDir('ccgate-config-');
  const dataDir = tempDir('ccgate-data-');
  if (opts.rows) await seedLedger(dataDir, opts.rows);
  const server = { admin: { enabled: true, username: 'admin', passwordHash: await hashPassword(ADMIN_PASSWORD), ...opts.admin }, ...opts.server };
  writeConfig(configDir, basicConfig([{ id: 'up1', name: 'Upstream 1', url: fake.url, key: fake.key }], opts.tenants, server));
  const gw = await startGatewayProcess({ configDir, dataDir });
  return {
    gw,
    fake,
    base: gw.baseUrl,
    ledger: () => durableLedgerRows(dataDir),
    async close() {
      await gw.stop();
      await fake.close();
    },
  };
}
