// Helpers shared by the failover, sticky-session and health/metrics e2e tests: ask through the
// SDK and keep the request id, read what the gateway says about a request (access log), about an
// upstream (/health) and about itself (/metrics), and poll instead of sleeping.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import type { FakeUpstream } from '../support/fake-upstream.js';
import type { Stack } from '../support/stack.js';

/** One attempt as the access log records it. */
export interface LoggedAttempt {
  upstreamId: string;
  status?: number;
  reason?: string;
  latencyMs: number;
}

/** The access-log line of one request (the fields these tests read). */
export interface AccessLine {
  requestId: string;
  status: number;
  upstreamId?: string;
  attempts?: LoggedAttempt[];
  errorCode?: string;
}

/** One upstream in /health (the fields these tests read). */
export interface HealthUpstream {
  id: string;
  state: 'healthy' | 'cooling' | 'disabled';
  coolingUntil: string | null;
  cooldownReason: string | null;
  inFlight: number;
  errorRate: number | null;
  latencyEwmaMs: number | null;
  lastError: { reason: string; status: number | null; at: string } | null;
  lastSuccessAt: string | null;
}

export const MODEL = 'claude-sonnet-4-6';
/** ISO-8601 as Date.prototype.toISOString writes it. */
export const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Polls `check` every 50 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** An SDK client for the stack that never retries on its own (every failover is the gateway's). */
export function sdkClient(stack: Stack, apiKey: string, headers: Record<string, string> = {}): Anthropic {
  return new Anthropic({ apiKey, baseURL: stack.anthropicBase, maxRetries: 0, defaultHeaders: headers });
}

/**
 * One streamed message, as Claude Code sends them (the first-byte timeout applies to streams);
 * throws unless the gateway answered 200 and the stream completed. Returns the request id.
 */
export async function ask(client: Anthropic, headers: Record<string, string> = {}): Promise<{ message: Anthropic.Message; requestId: string }> {
  const stream = client.messages.stream({ model: MODEL, max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] }, { headers });
  const { response } = await stream.withResponse();
  const requestId = response.headers.get('x-ccgate-request-id');
  assert.ok(requestId, 'x-ccgate-request-id header');
  return { message: await stream.finalMessage(), requestId };
}

/** POST /v1/messages requests the fake has received (health probes and other paths left out). */
export function messagePosts(fake: FakeUpstream): number {
  return fake.received.filter((r) => r.method === 'POST' && r.url.endsWith('/v1/messages')).length;
}

/** The access-log line of `requestId`, waiting for the asynchronous log write. */
export async function accessLine(stack: Stack, requestId: string): Promise<AccessLine> {
  const file = join(stack.gw.dataDir, 'logs', 'access.log');
  let found: AccessLine | undefined;
  await waitFor(() => {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return false;
    }
    found = text.split('\n').filter((l) => l.includes(requestId)).map((l) => JSON.parse(l) as AccessLine).find((l) => l.requestId === requestId);
    return found !== undefined;
  }, `access-log line of ${requestId}`);
  return found!;
}

/** `[upstreamId, status, reason]` of each attempt, with null for what the log left out. */
export function attemptSummary(line: AccessLine): Array<[string, number | null, string | null]> {
  return (line.attempts ?? []).map((a) => [a.upstreamId, a.status ?? null, a.reason ?? null]);
}

/** The /health entry of one upstream. */
export async function upstreamHealth(stack: Stack, id: string): Promise<HealthUpstream> {
  const body = (await (await fetch(`${stack.gw.baseUrl}/health`)).json()) as { upstreams: HealthUpstream[] };
  const entry = body.upstreams.find((u) => u.id === id);
  assert.ok(entry, `/health lists ${id}`);
  return entry;
}

/** Waits until /health reports `state` for upstream `id`. */
export async function waitForState(stack: Stack, id: string, state: HealthUpstream['state']): Promise<void> {
  await waitFor(async () => (await upstreamHealth(stack, id)).state === state, `${id} to be ${state}`);
}

/** The bearer token of server.json `metrics.token` in the stacks that scrape /metrics. */
export const METRICS_TOKEN = 'test-metrics-token-0123456789abcdef';

/** GET /metrics (with METRICS_TOKEN) as a map from `name{labels}` (exactly as exposed) to value. */
export async function scrape(stack: Stack): Promise<Map<string, number>> {
  const res = await fetch(`${stack.gw.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(res.status, 200, '/metrics with the token');
  const text = await res.text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    values.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return values;
}
