// Fuzzing the running gateway from the client side (issue 11 "Prove it holds"): random and
// mutated request lines, paths, headers, framings and JSON bodies over raw sockets, then
// well-formed but odd requests through fetch. Seeded and bounded, so a run is repeatable.
// Invariants: every request gets an answer or a clean close within its time; an answer on an API
// path is in that protocol's error shape with a plausible status (never a 500); the process
// never crashes; in-flight returns to zero; no tenant key, upstream key, admin password or
// metrics token appears in any answer, log file or data file; every request that reached an
// authenticated Messages or chat handler has its ledger row; memory comes back near its baseline.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { OTHER_KEY, TENANT_KEY, defaultTenants, startStack, type Stack } from '../support/stack.js';
import { rawExchange, type RawExchange } from '../support/raw-http.js';
import { bodyArb, credentialArb, extraHeadersArb, framingArb, methodArb, rawRequest, targetArb, versionArb } from './ingress-arbitraries.js';

const BODY_TIMEOUT_MS = 150;
/** Longest any one exchange may take: the body timeout and its close, with room for a slow CI. */
const EXCHANGE_WAIT_MS = 4_000;
const ADMIN_PASSWORD = 'fuzz-admin-password-Zq81';
const METRICS_TOKEN = 'fuzz-metrics-token-0123456789abcdef';
const DISABLED_KEY = 'ccg-fuzz-disabled-key-00000001';
const VALID_KEYS = [TENANT_KEY, OTHER_KEY];
const LEDGER_PATHS = new Set(['/anthropic/v1/messages', '/openai/v1/chat/completions']);
/** Statuses the gateway itself may answer a client with (500 would be a bug). */
const GATEWAY_STATUSES = new Set([200, 204, 400, 401, 403, 404, 408, 413, 429, 431, 502, 503, 504]);

/** The path a request target routes by (query dropped, absolute form reduced, trailing slashes cut). */
function routedPath(target: string): string {
  let path = target;
  if (!target.startsWith('/')) {
    try {
      path = new URL(target).pathname;
    } catch {
      return '/';
    }
  }
  path = path.split('?')[0]!;
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** Asserts the error body of an answer on an API path is in that path's protocol shape. */
function assertErrorShape(path: string, status: number, body: string, what: string): void {
  if (status < 400) return;
  const json = JSON.parse(body) as { type?: unknown; error?: { type?: unknown; message?: unknown } };
  if (path.startsWith('/anthropic')) {
    assert.equal(json.type, 'error', `${what}: Anthropic error shape`);
    assert.equal(typeof json.error?.type, 'string', what);
  } else {
    assert.equal(typeof json.error?.type, 'string', `${what}: OpenAI error shape`);
  }
  assert.equal(typeof json.error?.message, 'string', what);
}

/** Every file under `dir`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Splits `bytes` at the given offsets, with short pauses between the pieces. */
function pieces(bytes: Buffer, cuts: number[], pauseMs: number): Array<Buffer | number> {
  const at = [...new Set(cuts.map((c) => c % Math.max(1, bytes.length)))].filter((c) => c > 0).sort((a, b) => a - b);
  const out: Array<Buffer | number> = [];
  let from = 0;
  for (const c of at) {
    out.push(bytes.subarray(from, c), pauseMs);
    from = c;
  }
  out.push(bytes.subarray(from));
  return out;
}

describe('ingress fuzz', () => {
  let stack: Stack;
  let secrets: string[];
  /** Request ids that must have a ledger row. */
  const expectRows = new Set<string>();
  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(`${stack.gw.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return Number(line?.slice(name.length + 1));
  };
  const inFlight = async () => ((await (await fetch(`${stack.gw.baseUrl}/health`)).json()) as { inFlight: number }).inFlight;
  async function assertInFlightSettles(): Promise<void> {
    let n = -1;
    for (let i = 0; i < 100 && n !== 1; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      n = await inFlight();
    }
    assert.equal(n, 1, 'in-flight back to the /health request alone');
  }
  let baseline = { heap: 0, rss: 0 };

  before(async () => {
    stack = await startStack({
      tenants: [...defaultTenants(), { id: 'off', key: DISABLED_KEY, enabled: false }],
      server: {
        server: { host: '127.0.0.1', bodyTimeoutMs: BODY_TIMEOUT_MS, maxBodySize: '2MB' },
        admin: { enabled: true, password: ADMIN_PASSWORD },
        metrics: { token: METRICS_TOKEN },
        openai: { models: { 'gpt-4o': 'claude-sonnet-4-6', 'gpt-4o-mini': 'claude-haiku-4-5' } },
      },
    });
    secrets = [TENANT_KEY, OTHER_KEY, DISABLED_KEY, stack.fake.key, ADMIN_PASSWORD, METRICS_TOKEN];
    // Warm-up, then the memory baseline.
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`${stack.anthropicBase}/v1/messages`, { method: 'POST', headers: { 'x-api-key': TENANT_KEY }, body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 5, stream: i % 2 === 0, messages: [{ role: 'user', content: 'Hi' }] }) });
      await r.arrayBuffer();
    }
    baseline = { heap: await metric('nodejs_heap_size_used_bytes'), rss: await metric('process_resident_memory_bytes') };
  });
  after(() => stack.close());

  test('raw requests: an answer or a clean close in time, the protocol shape, no 500, no secret', async () => {
    const rawCase = fc.record({
      method: methodArb,
      target: targetArb,
      version: versionArb,
      credentials: credentialArb([...VALID_KEYS, DISABLED_KEY]),
      headers: extraHeadersArb,
      body: fc.oneof({ weight: 4, arbitrary: bodyArb }, { weight: 1, arbitrary: fc.constant('') }),
      framing: framingArb,
      cuts: fc.array(fc.nat(), { maxLength: 3 }),
      pauseMs: fc.integer({ min: 0, max: 40 }),
    });
    await fc.assert(
      fc.asyncProperty(rawCase, async (c) => {
        const what = `${c.method} ${c.target.slice(0, 80)} (${c.framing})`;
        const ex: RawExchange = await rawExchange(stack.gw.port, pieces(rawRequest(c), c.cuts, c.pauseMs), EXCHANGE_WAIT_MS, { closeAfterResponse: true, head: c.method === 'HEAD' });
        assert.ok(ex.status !== undefined || ex.closed, `${what}: neither an answer nor a close within ${EXCHANGE_WAIT_MS} ms`);
        for (const s of secrets) assert.ok(!ex.raw.includes(s), `${what}: a secret in the answer`);
        if (ex.status === undefined) return;
        assert.ok(GATEWAY_STATUSES.has(ex.status) || ex.status === 499, `${what}: status ${ex.status}`);
        const path = routedPath(c.target);
        const requestId = ex.headers['x-ccgate-request-id'];
        const api = path.startsWith('/anthropic') || path.startsWith('/openai');
        if (api && requestId && c.method !== 'HEAD' && ex.status !== 204) assertErrorShape(path, ex.status, ex.body, what);
        const authenticated = VALID_KEYS.some((k) => Object.values(c.credentials).some((v) => v.trim() === k || v.trim().replace(/^bearer\s+/i, '') === k));
        if (requestId && c.method === 'POST' && LEDGER_PATHS.has(path) && authenticated && ex.status !== 401 && ex.status !== 404) expectRows.add(requestId);
      }),
      { seed: 1_100, numRuns: 300, timeout: EXCHANGE_WAIT_MS + 2_000 },
    );
    await assertInFlightSettles();
  });

  test('well-formed requests through fetch: the protocol shape, one ledger row each', async () => {
    const scenario = fc.oneof(
      { weight: 5, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom({ status: 400 }, { cutAfterEvents: 3 }, { endAfterEvents: 4 }, { delayMs: 30 }, { gzip: true }, { usage: 'mirror' }, { chunkBytes: 7 }) },
    );
    const fetchCase = fc.record({
      endpoint: fc.constantFrom('/anthropic/v1/messages', '/anthropic/v1/messages/count_tokens', '/openai/v1/chat/completions'),
      key: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(TENANT_KEY, OTHER_KEY) }, { weight: 1, arbitrary: fc.constantFrom(DISABLED_KEY, 'ccg-wrong-key-0000000000') }),
      body: bodyArb,
      scenario,
      abortAfterMs: fc.option(fc.integer({ min: 0, max: 60 }), { freq: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(fetchCase, async (c) => {
        const what = `${c.endpoint} ${c.body.slice(0, 60)}`;
        const controller = new AbortController();
        if (c.abortAfterMs !== null) setTimeout(() => controller.abort(), c.abortAfterMs);
        const headers: Record<string, string> = { authorization: `Bearer ${c.key}`, 'content-type': 'application/json' };
        if (c.scenario) headers['x-fake-scenario'] = JSON.stringify(c.scenario);
        let res: Response;
        let text: string;
        try {
          res = await fetch(`${stack.gw.baseUrl}${c.endpoint}`, { method: 'POST', headers, body: c.body, signal: AbortSignal.any([controller.signal, AbortSignal.timeout(EXCHANGE_WAIT_MS)]) });
          text = await res.text();
        } catch (err) {
          assert.ok(controller.signal.aborted, `${what}: ${String(err)}`);
          return;
        }
        for (const s of secrets) assert.ok(!text.includes(s), `${what}: a secret in the answer`);
        assert.ok(GATEWAY_STATUSES.has(res.status) || (c.scenario?.status !== undefined && res.status === c.scenario.status), `${what}: status ${res.status}`);
        const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
        if (isJson) assertErrorShape(c.endpoint, res.status, text, what);
        const requestId = res.headers.get('x-ccgate-request-id');
        if (requestId && c.endpoint !== '/anthropic/v1/messages/count_tokens' && VALID_KEYS.includes(c.key)) expectRows.add(requestId);
      }),
      { seed: 1_101, numRuns: 200, timeout: EXCHANGE_WAIT_MS + 2_000 },
    );
    await assertInFlightSettles();
  });

  test('afterwards: alive, nothing leaked to disk, a ledger row per request, memory near its baseline', async () => {
    assert.equal(stack.gw.proc.exitCode, null, 'the gateway still runs');
    await assertInFlightSettles();
    assert.ok(expectRows.size > 50, `enough ledger-bound requests (${expectRows.size})`);
    const rows = stack.ledger();
    const ids = new Map<string, number>();
    for (const r of rows) ids.set(String(r['request_id']), (ids.get(String(r['request_id'])) ?? 0) + 1);
    for (const id of expectRows) assert.equal(ids.get(id), 1, `ledger row of ${id}`);
    // Let the logs flush, then read every byte the gateway wrote.
    await new Promise((r) => setTimeout(r, 600));
    const output = stack.gw.output();
    assert.doesNotMatch(output, /uncaught|unhandled/i);
    for (const file of filesUnder(stack.gw.dataDir)) {
      const bytes = readFileSync(file);
      for (const s of secrets) assert.ok(!bytes.includes(s), `${file} holds a secret`);
      if (file.endsWith('.log')) assert.doesNotMatch(bytes.toString('utf8'), /uncaught exception|unhandled (rejection|error)|"level":(50|60)/, file);
    }
    // No forced GC from outside the process: poll while V8 collects on its own, with a bound
    // generous enough for its heap growth policy and tight enough to catch a per-request leak.
    let heap = Infinity;
    for (let i = 0; i < 40 && heap > baseline.heap + 48e6; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 250));
      heap = await metric('nodejs_heap_size_used_bytes');
    }
    const rss = await metric('process_resident_memory_bytes');
    assert.ok(heap <= baseline.heap + 48e6, `heap used ${(heap / 1e6).toFixed(0)} MB vs baseline ${(baseline.heap / 1e6).toFixed(0)} MB`);
    assert.ok(rss <= baseline.rss + 200e6, `RSS ${(rss / 1e6).toFixed(0)} MB vs baseline ${(baseline.rss / 1e6).toFixed(0)} MB`);
    process.stdout.write(`# fuzz: ${expectRows.size} ledger-bound requests; heap ${(baseline.heap / 1e6).toFixed(0)} → ${(heap / 1e6).toFixed(0)} MB, RSS ${(baseline.rss / 1e6).toFixed(0)} → ${(rss / 1e6).toFixed(0)} MB\n`);
  });
});
