// Failover before the first byte, through the real gateway with the official SDK (no client
// retries): an upstream that answers 529, 500, 429 or nothing, or refuses connections, costs the
// client nothing — the request moves to the other upstream, the faulty one is skipped while it
// cools down and comes back once it recovers. A 400 is returned as is; with every upstream down
// the client gets 503 (429 when all are rate limited) with retry-after, in Anthropic's shape.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeUpstream, type FakeUpstream, type Scenario } from '../support/fake-upstream.js';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import { ISO_TIME, MODEL, accessLine, ask, attemptSummary, messagePosts, sdkClient, upstreamHealth, waitForState } from './failover-helpers.js';

/** A way for upstream `up2` to fail, and what the access log must say about the failed attempt. */
interface Fault {
  break(): void | Promise<void>;
  heal(): void | Promise<void>;
  status: number | null;
  reason: string;
  /** POSTs the faulty upstream received so far, when it can count them. */
  posts(): number | undefined;
}

/** Sends requests until one lands on up2; they all succeed, and that one failed over to up1. */
async function failOverOnce(stack: Stack, client: Anthropic, fault: Fault): Promise<void> {
  for (let i = 0; i < 4; i++) {
    const line = await accessLine(stack, (await ask(client)).requestId);
    if (line.attempts?.length === 1) continue;
    assert.deepEqual(attemptSummary(line), [['up2', fault.status, fault.reason], ['up1', 200, null]]);
    assert.equal(line.status, 200);
    return;
  }
  assert.fail('no request was routed to up2');
}

/** The whole story: fail over, skip while cooling, come back after recovery. */
async function proveFailover(stack: Stack, fault: Fault): Promise<void> {
  const client = sdkClient(stack, TENANT_KEY);
  await waitForState(stack, 'up2', 'healthy');
  await fault.break();
  await failOverOnce(stack, client, fault);
  const cooling = await upstreamHealth(stack, 'up2');
  assert.equal(cooling.state, 'cooling');
  assert.equal(cooling.cooldownReason, fault.reason);
  assert.match(cooling.coolingUntil ?? '', ISO_TIME);
  // While it cools down nobody is sent there: each request takes one attempt, on up1.
  const postsBefore = fault.posts();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await ask(client)).requestId);
  assert.equal(fault.posts(), postsBefore, 'the cooling upstream received no request');
  for (const id of ids) assert.deepEqual(attemptSummary(await accessLine(stack, id)), [['up1', 200, null]]);
  // Recovery: once the cooldown is over it is back in rotation (round robin reaches it at once).
  await fault.heal();
  await waitForState(stack, 'up2', 'healthy');
  const served: string[] = [];
  for (let i = 0; i < 2; i++) served.push((await accessLine(stack, (await ask(client)).requestId)).upstreamId ?? '');
  assert.ok(served.includes('up2'), `up2 serves again (served by ${served.join(', ')})`);
}

function statusFault(fake: FakeUpstream, scenario: Scenario, status: number | null, reason: string): Fault {
  return { break: () => fake.setScenario(scenario), heal: () => fake.setScenario({}), status, reason, posts: () => messagePosts(fake) };
}

describe('failover before the first byte', () => {
  let stack: Stack;
  let flaky: FakeUpstream;
  before(async () => {
    // A short first-byte timeout on up2 only, so a hanging upstream costs one second; a first
    // cooldown long enough that a loaded machine still sees it before it ends.
    stack = await startStack({ fakes: 2, upstream: (_f, i) => (i === 1 ? { timeouts: { firstByteMs: 1_000 } } : {}), loadBalancer: { strategy: 'round_robin', cooldownBaseMs: 5_000 } });
    flaky = stack.fakes[1]!;
  });
  after(() => stack.close());

  test('529 overloaded', () => proveFailover(stack, statusFault(flaky, { status: 529 }, 529, 'overloaded')));
  test('500 server error', () => proveFailover(stack, statusFault(flaky, { status: 500 }, 500, 'server_error')));
  test('429 with retry-after', () => proveFailover(stack, statusFault(flaky, { status: 429, retryAfterSec: 2 }, 429, 'rate_limited')));
  test('no response headers within the first-byte timeout', () => proveFailover(stack, statusFault(flaky, { hang: true }, null, 'first_byte_timeout')));

  test('an upstream 400 is returned as it is, with no failover', async () => {
    await waitForState(stack, 'up2', 'healthy');
    const postsBefore = messagePosts(stack.fakes[0]!) + messagePosts(flaky);
    const client = sdkClient(stack, TENANT_KEY);
    const err = await ask(client, { 'x-fake-scenario': JSON.stringify({ status: 400 }) }).then(
      () => assert.fail('a 400 must reach the client'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof Anthropic.BadRequestError);
    assert.equal((err.error as { error: { type: string; message: string } }).error.type, 'invalid_request_error');
    assert.equal((err.error as { error: { message: string } }).error.message, 'fake 400');
    assert.equal(messagePosts(stack.fakes[0]!) + messagePosts(flaky), postsBefore + 1, 'only one upstream was asked');
    const line = await accessLine(stack, err.headers?.get('x-ccgate-request-id') ?? '');
    assert.equal(line.attempts?.length, 1);
    assert.equal(line.attempts?.[0]?.reason, 'client_error');
    assert.equal((await upstreamHealth(stack, line.attempts![0]!.upstreamId)).state, 'healthy', 'a 400 does not cool the upstream down');
  });
});

describe('failover from an upstream that refuses connections', () => {
  let stack: Stack;
  let revived: FakeUpstream | undefined;
  const dead = { port: 0, key: 'sk-ant-revived-upstream-key' };
  before(async () => {
    // Take a free port and close it: up2 points there, so every connect is refused.
    const placeholder = await startFakeUpstream({ key: dead.key });
    dead.port = placeholder.port;
    await placeholder.close();
    stack = await startStack({ fakes: 2, upstream: (_f, i) => (i === 1 ? { url: `http://127.0.0.1:${dead.port}`, key: dead.key } : {}) });
  });
  after(async () => {
    await stack.close();
    await revived?.close();
  });

  test('connection refused', () =>
    proveFailover(stack, {
      break: () => undefined,
      heal: async () => {
        revived = await startFakeUpstream({ port: dead.port, key: dead.key });
      },
      status: null,
      reason: 'connect_error',
      posts: () => (revived ? messagePosts(revived) : 0),
    }));
});

describe('every upstream down', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ fakes: 2 });
  });
  after(() => stack.close());

  /** The SDK's error for a request that no upstream could serve, after each was tried once. */
  async function refused(): Promise<InstanceType<typeof Anthropic.APIError>> {
    const posts = stack.fakes.map(messagePosts);
    const err = await ask(sdkClient(stack, TENANT_KEY)).then(
      () => assert.fail('no upstream can answer'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof Anthropic.APIError);
    assert.deepEqual(stack.fakes.map(messagePosts), posts.map((n) => n + 1), 'each upstream was tried exactly once');
    return err;
  }

  test('all overloaded → 503 with retry-after, in Anthropic shape', async () => {
    for (const f of stack.fakes) f.setScenario({ status: 529 });
    const err = await refused();
    assert.equal(err.status, 503);
    assert.equal((err.error as { type: string }).type, 'error');
    assert.equal((err.error as { error: { type: string } }).error.type, 'api_error');
    assert.ok(Number(err.headers?.get('retry-after')) >= 1);
    const line = await accessLine(stack, err.headers?.get('x-ccgate-request-id') ?? '');
    assert.deepEqual(attemptSummary(line).map(([, status, reason]) => [status, reason]), [[529, 'overloaded'], [529, 'overloaded']]);
    assert.equal(line.errorCode, 'upstreams_unavailable');
    assert.match(err.headers?.get('server-timing') ?? '', /gateway;dur=\d+/);
  });

  test('all rate limited → 429 with the soonest retry-after', async () => {
    for (const f of stack.fakes) f.setScenario({});
    await waitForState(stack, 'up1', 'healthy');
    await waitForState(stack, 'up2', 'healthy');
    for (const f of stack.fakes) f.setScenario({ status: 429, retryAfterSec: 30 });
    const err = await refused();
    assert.equal(err.status, 429);
    assert.equal((err.error as { error: { type: string } }).error.type, 'rate_limit_error');
    const retryAfter = Number(err.headers?.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 30, `retry-after ${retryAfter}`);
    assert.match((err.error as { error: { message: string } }).error.message, new RegExp(MODEL));
  });
});
