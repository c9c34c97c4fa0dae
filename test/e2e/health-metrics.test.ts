// What the gateway tells its operator, read from the real process: /health (each upstream's
// state, cooldown with its end as an ISO time and its reason, in-flight, error rate, latency),
// /metrics in Prometheus text (requests, errors, attempts, failovers, latency, in-flight,
// cooldowns, tokens and cost by tenant and model, process metrics; read with the metrics token),
// and on every answer the request id and Server-Timing headers. No key and no upstream URL
// appears anywhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OTHER_KEY, TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import { ISO_TIME, METRICS_TOKEN, MODEL, accessLine, ask, attemptSummary, messagePosts, scrape, sdkClient, upstreamHealth, waitForState } from './failover-helpers.js';

const REQUEST_ID = /^req_ccg_\w+$/;
const SERVER_TIMING = /^gateway;dur=\d+(, upstream;dur=\d+)?$/;

/** Asserts the two headers every gateway answer carries; returns the request id. */
function assertStamped(headers: Headers, what: string): string {
  const id = headers.get('x-ccgate-request-id') ?? '';
  assert.match(id, REQUEST_ID, `${what}: x-ccgate-request-id`);
  assert.match(headers.get('server-timing') ?? '', SERVER_TIMING, `${what}: server-timing`);
  return id;
}

describe('health and metrics', () => {
  let stack: Stack;
  const secrets: string[] = [TENANT_KEY, OTHER_KEY];
  before(async () => {
    // up2 will be rate limited for a minute; up3 is disabled.
    stack = await startStack({ fakes: 3, upstream: (_f, i) => (i === 2 ? { enabled: false } : {}), server: { metrics: { token: METRICS_TOKEN } } });
    for (const f of stack.fakes) secrets.push(f.key, `127.0.0.1:${f.port}`);
    const client = sdkClient(stack, TENANT_KEY);
    stack.fakes[1]!.queue({ status: 429, retryAfterSec: 60 });
    for (let i = 0; i < 4 && messagePosts(stack.fakes[1]!) === 0; i++) await ask(client);
    await waitForState(stack, 'up2', 'cooling');
  });
  after(() => stack.close());

  test('/health: state, cooldown end and reason, in-flight, error rate, latency; ISO times; no key or URL', async () => {
    const text = await (await fetch(`${stack.gw.baseUrl}/health`)).text();
    for (const s of secrets) assert.ok(!text.includes(s), `/health shows ${s.slice(0, 12)}…`);
    const up1 = await upstreamHealth(stack, 'up1');
    assert.equal(up1.state, 'healthy');
    assert.equal(up1.coolingUntil, null);
    assert.equal(up1.errorRate, 0);
    assert.equal(typeof up1.latencyEwmaMs, 'number');
    assert.match(up1.lastSuccessAt ?? '', ISO_TIME);
    const up2 = await upstreamHealth(stack, 'up2');
    assert.equal(up2.state, 'cooling');
    assert.match(up2.coolingUntil ?? '', ISO_TIME);
    assert.ok(Date.parse(up2.coolingUntil!) > Date.parse(up2.lastError!.at), 'cooling until after the failure');
    assert.equal(up2.cooldownReason, 'rate_limited');
    assert.deepEqual({ ...up2.lastError, at: 'T' }, { reason: 'rate_limited', status: 429, at: 'T' });
    assert.match(up2.lastError!.at, ISO_TIME);
    assert.equal(up2.errorRate, 1);
    assert.equal(up2.inFlight, 0);
    assert.equal((await upstreamHealth(stack, 'up3')).state, 'disabled');
  });

  test('in-flight counts show a running stream, per upstream and in total', async () => {
    const client = sdkClient(stack, TENANT_KEY);
    const stream = client.messages.stream({ model: MODEL, max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] }, { headers: { 'x-fake-scenario': JSON.stringify({ eventDelayMs: 150 }) } });
    await new Promise((r) => stream.once('text', r));
    assert.equal((await upstreamHealth(stack, 'up1')).inFlight, 1);
    const m = await scrape(stack);
    assert.equal(m.get('ccgate_upstream_in_flight{upstream="up1"}'), 1);
    assert.equal(m.get('ccgate_upstream_in_flight{upstream="up2"}'), 0);
    assert.ok(m.get('ccgate_requests_in_flight')! >= 2, 'the stream and the scrape itself');
    await stream.finalMessage();
    assert.equal((await upstreamHealth(stack, 'up1')).inFlight, 0);
  });

  test('/metrics: requests, errors, attempts, failovers, latency, cooldowns, tokens, cost, process', async () => {
    const client = sdkClient(stack, TENANT_KEY);
    const before = await scrape(stack);
    for (let i = 0; i < 3; i++) await ask(client);
    await fetch(`${stack.anthropicBase}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'ccg-wrong-key-000000' }, body: '{}' });
    await fetch(`${stack.gw.baseUrl}/no/such/path`);
    const res = await fetch(`${stack.gw.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const s of secrets) assert.ok(!text.includes(s), `/metrics shows ${s.slice(0, 12)}…`);
    const m = await scrape(stack);
    const delta = (key: string) => (m.get(key) ?? 0) - (before.get(key) ?? 0);
    assert.equal(delta('ccgate_requests_total{endpoint="/anthropic/v1/messages",status="200"}'), 3);
    assert.equal(delta('ccgate_requests_total{endpoint="/anthropic/v1/messages",status="401"}'), 1);
    assert.equal(delta('ccgate_request_errors_total{endpoint="/anthropic/v1/messages",code="unauthenticated"}'), 1);
    assert.equal(delta('ccgate_requests_total{endpoint="unmatched",status="404"}'), 1);
    assert.equal(delta('ccgate_upstream_attempts_total{upstream="up1",outcome="success",status="200"}'), 3);
    assert.equal(m.get('ccgate_upstream_attempts_total{upstream="up2",outcome="rate_limited",status="429"}'), 1);
    assert.equal(m.get('ccgate_failovers_total{upstream="up2",reason="rate_limited"}'), 1);
    assert.equal(delta('ccgate_upstream_ttfb_seconds_count{upstream="up1"}'), 3);
    assert.equal(delta('ccgate_request_duration_seconds_bucket{le="600",endpoint="/anthropic/v1/messages"}'), 4, 'the three answers and the 401');
    // The fake reports 25 input, 12 output, 200 cache-read, 40 + 60 cache-write tokens per answer.
    const tokens = (kind: string) => delta(`ccgate_tokens_total{tenant="alice",model="${MODEL}",kind="${kind}"}`);
    assert.deepEqual(['input', 'output', 'cache_read', 'cache_write_5m', 'cache_write_1h'].map(tokens), [75, 36, 600, 120, 180]);
    const chargedUsd = stack.ledger().reduce((sum, r) => sum + Number(r['charged_cost_nano']), 0) / 1e9;
    assert.ok(Math.abs((m.get(`ccgate_cost_usd_total{tenant="alice",model="${MODEL}"}`) ?? 0) - chargedUsd) < 1e-9, 'cost matches the ledger');
    assert.ok(m.get('ccgate_upstream_cooldown_seconds{upstream="up2"}')! > 0);
    assert.equal(m.get('ccgate_upstream_cooldown_seconds{upstream="up1"}'), 0);
    assert.equal(m.get('ccgate_upstream_state{upstream="up2",state="cooling"}'), 1);
    assert.equal(m.get('ccgate_upstream_state{upstream="up3",state="disabled"}'), 1);
    assert.ok(m.has('process_cpu_user_seconds_total') && m.has('nodejs_eventloop_lag_seconds'), 'process metrics');
  });

  test('every answer carries x-ccgate-request-id and Server-Timing, error answers included', async () => {
    const base = stack.gw.baseUrl;
    const { data, response } = await sdkClient(stack, TENANT_KEY).messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).withResponse();
    assert.equal(data.type, 'message');
    assert.match(response.headers.get('server-timing') ?? '', /^gateway;dur=\d+, upstream;dur=\d+$/);
    const id = assertStamped(response.headers, 'message');
    assert.deepEqual(attemptSummary(await accessLine(stack, id)), [['up1', 200, null]]);
    const unauthenticated = await fetch(`${stack.anthropicBase}/v1/messages`, { method: 'POST', body: '{}' });
    const errorBody = (await unauthenticated.json()) as { request_id?: string };
    assert.equal(assertStamped(unauthenticated.headers, '401'), errorBody.request_id, 'the header and the error body name the same request');
    const upstream400 = await fetch(`${stack.anthropicBase}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TENANT_KEY, 'x-fake-scenario': JSON.stringify({ status: 400 }) },
      body: JSON.stringify({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(upstream400.status, 400);
    assertStamped(upstream400.headers, 'upstream 400');
    for (const [path, status] of [['/health', 200], ['/metrics', 401], ['/nope', 404], ['/anthropic/v1/models/unknown-model', 401]] as const) {
      const r = await fetch(`${base}${path}`);
      await r.arrayBuffer();
      assert.equal(r.status, status, path);
      assertStamped(r.headers, path);
    }
    assertStamped((await fetch(`${base}/`, { method: 'HEAD' })).headers, 'HEAD /');
  });
});
