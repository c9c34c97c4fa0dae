// The seeded world of the end-to-end browser flows: two tenants in different zones with known
// ledger rows over several days and models (one row at 23:30 and one at 00:30 Shanghai time, so a
// day edge shows), the figures each view must show for them (computed here from the rows,
// bucketed with Intl in the view's zone, independently of the server), and small helpers the
// flow tests share (SDK calls, API calls with the page's own cookie, table cells, chart ink).
import Anthropic from '@anthropic-ai/sdk';
import type { BrowserContext } from 'playwright-core';
import { request } from 'undici';
import type { LedgerRow } from '../../src/storage/types.js';
import { seedRow } from '../e2e/dashboard-client.js';
import { OTHER_KEY, TENANT_KEY, type Stack } from '../support/stack.js';
import type { DashboardPage } from './harness.js';

export const SONNET = 'claude-sonnet-4-6';
export const HAIKU = 'claude-haiku-4-5';
/** Only bob uses it (and it is not in the gateway's list of known models): alice's pages must never name it. */
export const OPUS = 'claude-opus-4-1';
export const UPSTREAM_NAME = 'relay-east';

export const ALICE = { id: 'alice', name: 'Aurora Labs', key: TENANT_KEY, enabled: true, allowedModels: ['*'], timezone: 'Asia/Shanghai', limits: { daily: { maxUSD: 20 }, monthly: { maxUSD: 300 }, requestsPerMinute: 120 } };
export const BOB = { id: 'bob', name: 'Borealis Works', key: OTHER_KEY, enabled: true, allowedModels: ['*'], timezone: 'America/New_York', priceMultiplier: 2 };
export const TENANTS = [ALICE, BOB];

/** Stack options of the seeded world (tenants, a named upstream, the rows). */
export function worldOptions(now = Date.now()) {
  return { tenants: TENANTS, rows: worldRows(now), upstream: () => ({ name: UPSTREAM_NAME }) };
}

/** YYYY-MM-DD of an instant in `tz`. */
export function localDate(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** "YYYY-MM-DD HH:00" of an instant in `tz` (the server's hour label). */
export function localHour(ms: number, tz: string): string {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' }).format(ms);
  return `${localDate(ms, tz)} ${hour}:00`;
}

/** The date `days` before `date` (calendar arithmetic). */
function daysBefore(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

/** The instant a local wall time `date hh:mm` happens in `tz` (zones without a gap at that time). */
export function zonedInstant(date: string, hh: number, mm: number, tz: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(guess);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    guess += wall - Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  }
  return guess;
}

type Tokens = Pick<LedgerRow, 'inputTokens' | 'outputTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'cacheReadTokens'>;
const tokens = (input: number, output: number, cw5m = 0, cw1h = 0, read = 0): Tokens => ({ inputTokens: input, outputTokens: output, cacheWrite5mTokens: cw5m, cacheWrite1hTokens: cw1h, cacheReadTokens: read });

function row(id: string, ts: number, tenant: string, model: string, chargedNano: number, t: Tokens, listNano = chargedNano): LedgerRow {
  return seedRow(id, ts, tenant, { modelRequested: model, modelServed: model, chargedCostNano: chargedNano, listCostNano: listNano, upstreamCostNano: Math.round(listNano * 0.6), ...t });
}

/**
 * The rows, relative to `now`: alice's on the Shanghai calendar (23:30 three days ago and 00:30
 * two days ago fall on one UTC day but two Shanghai days), bob's on New York's, each tenant with
 * two rows from the last few minutes.
 */
export function worldRows(now: number): LedgerRow[] {
  const sh = (n: number, hh: number, mm: number) => zonedInstant(daysBefore(localDate(now, ALICE.timezone), n), hh, mm, ALICE.timezone);
  const ny = (n: number, hh: number, mm: number) => zonedInstant(daysBefore(localDate(now, BOB.timezone), n), hh, mm, BOB.timezone);
  return [
    row('flow-a1', sh(3, 23, 30), 'alice', SONNET, 432_100_000, tokens(1_200, 340)),
    row('flow-a2', sh(2, 0, 30), 'alice', HAIKU, 56_780_000, tokens(800, 120, 2_000)),
    row('flow-a3', sh(2, 12, 0), 'alice', SONNET, 1_250_000_000, tokens(3_000, 900, 0, 500, 12_000)),
    row('flow-a4', sh(1, 9, 15), 'alice', HAIKU, 7_654_321, tokens(400, 60, 0, 0, 3_000)),
    row('flow-a5', now - 90_000, 'alice', SONNET, 98_765_000, tokens(1_500, 400, 600, 0, 8_000)),
    row('flow-a6', now - 45_000, 'alice', HAIKU, 3_210_000, tokens(300, 50)),
    row('flow-b1', ny(5, 10, 0), 'bob', OPUS, 2_718_281_828, tokens(5_000, 1_500, 1_000, 0, 20_000), 1_359_140_914),
    row('flow-b2', ny(4, 23, 45), 'bob', SONNET, 314_159_266, tokens(2_500, 700), 157_079_633),
    row('flow-b3', ny(1, 8, 0), 'bob', OPUS, 161_803_398, tokens(900, 300, 0, 0, 4_000), 80_901_699),
    row('flow-b4', now - 120_000, 'bob', OPUS, 27_182_818, tokens(700, 100), 13_591_409),
  ];
}

/** What a group of rows adds up to, in the dashboard's terms. */
export interface Sums {
  requests: number;
  chargedNano: number;
  listNano: number;
  upstreamNano: number;
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  total: number;
}

/** Sums of `rows`. */
export function sums(rows: readonly LedgerRow[]): Sums {
  const s: Sums = { requests: 0, chargedNano: 0, listNano: 0, upstreamNano: 0, input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, total: 0 };
  for (const r of rows) {
    s.requests++;
    s.chargedNano += r.chargedCostNano;
    s.listNano += r.listCostNano;
    s.upstreamNano += r.upstreamCostNano;
    s.input += r.inputTokens;
    s.output += r.outputTokens;
    s.cacheWrite5m += r.cacheWrite5mTokens;
    s.cacheWrite1h += r.cacheWrite1hTokens;
    s.cacheRead += r.cacheReadTokens;
    s.total += r.inputTokens + r.outputTokens + r.cacheWrite5mTokens + r.cacheWrite1hTokens + r.cacheReadTokens;
  }
  return s;
}

/** Rows grouped by a key, in key order. */
export function groupBy(rows: readonly LedgerRow[], keyOf: (r: LedgerRow) => string): Map<string, LedgerRow[]> {
  const out = new Map<string, LedgerRow[]>();
  for (const r of [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))) out.set(keyOf(r), [...(out.get(keyOf(r)) ?? []), r]);
  return out;
}

/** Exact USD of nano-USD as the English UI writes it ("$1,234.5678", at least two decimals). */
export function usdText(nano: number): string {
  const whole = Math.floor(nano / 1e9);
  const frac = String(nano % 1e9).padStart(9, '0').replace(/0+$/, '').padEnd(2, '0');
  return `$${whole.toLocaleString('en-US')}.${frac}`;
}

/** An integer as the English UI writes it. */
export const intText = (n: number) => n.toLocaleString('en-US');

/** The text and data-value of one cell of a table twin (attached even while its disclosure is closed). */
export async function cell(p: DashboardPage, table: string, rowKey: string, col: string): Promise<{ text: string; value: string | null }> {
  const loc = p.page.locator(`[data-testid=${table}] [data-key="${rowKey}"] [data-col="${col}"]`);
  await loc.waitFor({ state: 'attached' });
  return { text: ((await loc.textContent()) ?? '').trim(), value: await loc.getAttribute('data-value') };
}

/** The row keys of a table's body, in order. */
export async function rowKeys(p: DashboardPage, table: string): Promise<string[]> {
  return p.page.locator(`[data-testid=${table}] tbody tr[data-key]`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key') ?? ''));
}

/**
 * Opaque pixels of a chart's canvas drawn in series colour `n` (1-based CSS --series-n, within a
 * small tolerance): grid and axes alone never count, so a chart without its data line scores 0.
 */
export const seriesInk = (testid: string, n: number) => `(() => {
  const hex = getComputedStyle(document.documentElement).getPropertyValue('--series-${n}').trim();
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const c = document.querySelector('[data-testid=${testid}] canvas');
  if (!c) return -1;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let hits = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 200 && Math.abs(d[i] - want[0]) < 12 && Math.abs(d[i + 1] - want[1]) < 12 && Math.abs(d[i + 2] - want[2]) < 12) hits++;
  }
  return hits;
})()`;

/** Every text node of the page (hidden ones too) outside code blocks and zone pickers, one per line. */
export const UI_TEXT = `(() => {
  const b = document.body.cloneNode(true);
  b.querySelectorAll('pre, code, select').forEach((e) => e.remove());
  const walk = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
  const out = [document.title];
  while (walk.nextNode()) out.push(walk.currentNode.nodeValue);
  for (const el of document.querySelectorAll('[placeholder],[aria-label],[title]'))
    for (const a of ['placeholder', 'aria-label', 'title']) { const v = el.getAttribute(a); if (v) out.push(v); }
  return out.join('\\n');
})()`;

/** Data the Chinese UI shows as it is: names, ids, model ids, zones, endpoints, product names, addresses, config values. */
const DATA_TOKEN =
  /^(CCGate|English|Aurora|Labs|Borealis|Works|Cirrus|Analytics|alice|bob|cirrus-analytics|relay-east|up1|admin|admin:admin|round_robin|anthropic|openai|true|false|Claude|Code|OpenAI|Asia\/Shanghai|America\/New_York|Europe\/Berlin|UTC|claude-[\w.-]+|\*|\*\w+\*|\S*https?:\/\/\S+|ANTHROPIC_\w+|~\/\.claude\/settings\.json|req_ccg_\w+)$/;

/** Latin-script tokens of a text that are not data (what is left of English). */
export function englishLeft(text: string): string[] {
  const tokens = text.split(/[\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff,;()·"'“”|]+/);
  return [...new Set(tokens.filter((t) => /[A-Za-z]{2,}/.test(t) && !DATA_TOKEN.test(t)))];
}

/** One small request with the official SDK; 'ok' (with the answer) or the refusal's HTTP status. */
export async function askSdk(stack: Stack, apiKey: string, model = HAIKU): Promise<{ outcome: 'ok' | number; text?: string; requestId?: string | null }> {
  const client = new Anthropic({ apiKey, baseURL: stack.anthropicBase, maxRetries: 0 });
  try {
    const { data, response } = await client.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Say hello' }] }).withResponse();
    const first = data.content[0];
    return { outcome: 'ok', text: first?.type === 'text' ? first.text : '', requestId: response.headers.get('x-ccgate-request-id') };
  } catch (err) {
    if (err instanceof Anthropic.APIError && typeof err.status === 'number') return { outcome: err.status };
    throw err;
  }
}

/** The session cookie of a browser context as a Cookie header ('' when it holds none). */
export async function cookieHeader(context: BrowserContext, origin: string): Promise<string> {
  return (await context.cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
}

/** A dashboard API call from outside the page with `cookie` (and the page's Origin on writes). */
export async function apiStatus(origin: string, cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await request(`${origin}/dashboard/api${path}`, {
    method: method as 'GET',
    headers: { cookie, ...(method === 'GET' ? {} : { origin, 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

/** Polls `check` every 100 ms until it holds, at most `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Dashboard API requests a page made after its `mark`-th request. */
export function apiRequestsSince(p: DashboardPage, mark: number): string[] {
  return p.requests.slice(mark).filter((u) => u.startsWith(`${p.origin}/dashboard/api/`));
}
