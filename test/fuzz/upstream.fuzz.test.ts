// Upstream fuzzing (issue 11): the fake upstreams misbehave at random — any status with mirror
// wording, wrong or missing content types, raw garbage, frames split anywhere, streams cut, ended
// early or stalled, gzip, endless bodies, gzip bombs, endless SSE lines — while real clients (the
// Anthropic and OpenAI SDKs, raw fetch, some hanging up early) talk to the real gateway process.
// Seeded and bounded (well under a minute). Invariants: every request gets an answer in its
// protocol's shape or a clean close within its time limit; the process never crashes; nothing is
// left in flight; every request has exactly one ledger row; no upstream key in any answer, log
// line or data file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Scenario } from '../support/fake-upstream.js';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../e2e/failover-helpers.js';
import { ALIASES } from '../e2e/openai-stack.js';
import { runCall, type CallResult, type ClientCall, type ClientKind } from './upstream-fuzz-clients.js';

const SEED = 20_260_311;
const RUNS = 150;

const MIRROR_WORDS = ['fake error', '余额不足', 'insufficient balance', 'invalid x-api-key', '无效的令牌', 'model: claude-sonnet-4-6 not found', 'Overloaded', 'user quota exceeded', '<html>502 Bad Gateway</html>'];
const CONTENT_TYPES = ['application/json', 'text/event-stream', 'text/html', 'text/plain', 'application/octet-stream'];
const RAW_BODIES = [
  '',
  '<html><body>nginx</body></html>',
  '{"type":"message","content":[]}',
  '{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[{"type":"text","text":"hi"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}',
  '{"hello":"world"}',
  'data: hello\n\n',
  'event: message_start\ndata: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"model":"x","usage":{"input_tokens":3,"output_tokens":1}}}\n\n',
  'event: message_start\ndata: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"model":"x","usage":{"input_tokens":3,"output_tokens":1}}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
  'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
  '\u0000\u0001\u0002 not a protocol',
];

/** One misbehaviour of the upstreams (both fakes behave the same during a call). */
const scenarioArb: fc.Arbitrary<Scenario> = fc.oneof(
  fc.record({ usage: fc.constantFrom<'full' | 'mirror'>('full', 'mirror'), gzip: fc.boolean(), chunkBytes: fc.integer({ min: 1, max: 64 }), deltas: fc.integer({ min: 1, max: 40 }) }, { requiredKeys: [] }),
  fc.record({ splitAt: fc.integer({ min: 1, max: 600 }), gzip: fc.boolean() }),
  fc.record({ status: fc.constantFrom(400, 401, 402, 403, 404, 408, 413, 418, 422, 429, 500, 502, 503, 520, 529), errorMessage: fc.constantFrom(...MIRROR_WORDS), retryAfterSec: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: ['status'] }),
  fc.record({ raw: fc.record({ status: fc.constantFrom(200, 201, 204, 302, 500), headers: fc.constantFrom(...CONTENT_TYPES).map((t) => ({ 'content-type': t })), body: fc.constantFrom(...RAW_BODIES) }) }),
  fc.record({ cutAfterEvents: fc.integer({ min: 0, max: 12 }), deltas: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ endAfterEvents: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ stallAfterEvents: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ cutJsonAfterBytes: fc.integer({ min: 0, max: 200 }) }),
  fc.constantFrom<Scenario>({ endlessBody: true }, { gzipBomb: true }, { endlessSseLineAfterEvents: 0 }, { endlessSseLineAfterEvents: 3 }, { hang: true }, { delayMs: 50 }),
);

const clientArb: fc.Arbitrary<ClientCall> = fc.record({
  kind: fc.constantFrom<ClientKind>('anthropic-sdk', 'anthropic-sdk-stream', 'openai-sdk', 'openai-sdk-stream', 'fetch-anthropic', 'fetch-openai'),
  stream: fc.boolean(),
  abortAfterMs: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined, freq: 4 }),
}).map((c) => ({ ...c, stream: c.kind.endsWith('-stream') || (c.kind.startsWith('fetch') && c.stream), abortAfterMs: c.kind.startsWith('fetch') ? c.abortAfterMs : undefined }));

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * A refused key or account cools an upstream down for ten minutes, after which every further run
 * would only see 503s. When that happens the upstreams get new ids (a config reload starts new ids
 * healthy), so each run meets the misbehaviour it drew.
 */
async function renewCooledUpstreams(stack: Stack, generation: number): Promise<boolean> {
  const health = (await (await fetch(`${stack.gw.baseUrl}/health`)).json()) as { upstreams: Array<{ state: string; cooldownReason: string | null }> };
  if (!health.upstreams.some((u) => u.state === 'cooling' && (u.cooldownReason === 'auth_rejected' || u.cooldownReason === 'account_refused' || u.cooldownReason === 'rate_limited'))) return false;
  const file = join(stack.gw.configDir, 'upstreams.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as { upstreams: Array<{ id: string }> };
  const ids = config.upstreams.map((u, i) => (u.id = `up${i + 1}-g${generation}`));
  writeFileSync(file, JSON.stringify(config));
  await waitFor(async () => {
    const h = (await (await fetch(`${stack.gw.baseUrl}/health`)).json()) as { upstreams: Array<{ id: string }> };
    return ids.every((id) => h.upstreams.some((u) => u.id === id));
  }, 'the renewed upstreams', 10_000);
  return true;
}

describe('random upstream misbehaviour against the running gateway', () => {
  let stack: Stack;
  const results: CallResult[] = [];
  let renewals = 0;
  before(async () => {
    stack = await startStack({
      fakes: 2,
      upstream: () => ({ timeouts: { firstByteMs: 1_500, nonStreamingFirstByteMs: 1_500, idleMs: 400, totalMs: 5_000 } }),
      server: {
        openai: { models: ALIASES },
        proxy: { maxResponseBytes: '256KB', maxDecompressedBytes: '1MB', maxSseFrameBytes: '64KB', failoverDeadlineMs: 4_000 },
        logging: { level: 'debug', enableConsole: false },
      },
    });
  });
  after(() => stack?.close());

  test('every call is answered in its protocol or cleanly closed; nothing leaks', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, clientArb, async (scenario, call) => {
        if (await renewCooledUpstreams(stack, results.length)) renewals++;
        for (const f of stack.fakes) f.setScenario(scenario);
        const result = await runCall(stack.gw.baseUrl, TENANT_KEY, call, { compressed: scenario.gzip === true || scenario.gzipBomb === true });
        results.push(result);
        if (process.env['FUZZ_TRACE']) process.stderr.write(`${JSON.stringify(scenario)} ${call.kind}${call.stream ? ' stream' : ''}${call.abortAfterMs !== undefined ? ` abort@${call.abortAfterMs}` : ''} → ${result.requestId ?? '-'} ${result.texts.map((t) => t.slice(0, 60).replace(/\s+/g, ' ')).join(' | ')}\n`);
        for (const text of result.texts) for (const f of stack.fakes) assert.ok(!text.includes(f.key), 'an upstream key in an answer');
        assert.deepEqual(result.problems, [], `${JSON.stringify(scenario)} with ${JSON.stringify(call)}`);
        assert.equal(stack.gw.proc.exitCode, null, 'the gateway is running');
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The runs met the misbehaviour they drew: most were answered by an upstream, not refused up front.
    const refusedUpFront = results.filter((r) => r.texts.some((t) => /No upstream could serve/.test(t))).length;
    assert.ok(refusedUpFront < RUNS / 4, `${refusedUpFront} of ${RUNS} runs found every upstream cooling (${renewals} renewals)`);
    for (const f of stack.fakes) f.setScenario({});
  });

  test('afterwards: nothing in flight, one ledger row per request, no key in any log or data file', async () => {
    // The /health request itself is the one in flight.
    await waitFor(async () => ((await (await fetch(`${stack.gw.baseUrl}/health`)).json()) as { inFlight?: number }).inFlight === 1, 'in-flight back to zero', 10_000);
    await stack.gw.stop(); // flushes logs and the ledger
    // Every request the gateway received (its access-log lines; a client that hung up at once may
    // never have arrived) has exactly one ledger row, aborted ones too, and no row is without one.
    const received = readFileSync(join(stack.gw.dataDir, 'logs', 'access.log'), 'utf8').split('\n').filter(Boolean)
      .map((l) => JSON.parse(l) as { requestId: string; path: string })
      .filter((l) => l.path === '/anthropic/v1/messages' || l.path === '/openai/v1/chat/completions')
      .map((l) => l.requestId);
    const rows = stack.ledger().map((r) => String(r['request_id']));
    assert.ok(received.length >= results.length - results.filter((r) => r.requestId === undefined).length);
    assert.deepEqual([...rows].sort(), [...received].sort());
    for (const r of results) if (r.requestId !== undefined) assert.ok(rows.includes(r.requestId), `row of ${r.requestId}`);
    for (const file of filesUnder(stack.gw.dataDir)) {
      const bytes = readFileSync(file);
      for (const f of stack.fakes) assert.ok(!bytes.includes(f.key), `upstream key in ${file}`);
    }
    assert.ok(!stack.gw.output().includes(stack.fake.key));
  });
});
