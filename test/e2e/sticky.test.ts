// Sticky sessions through the real gateway (round robin over two upstreams): a Claude Code
// session (`x-claude-code-session-id`) stays on one upstream while it is healthy, moves when that
// upstream cools down or fails its request, and — as designed — stays where it moved: the binding
// follows the upstream that last answered it, so its prompt cache is there.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import { FAKE_TEXT } from '../support/fake-messages.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';
import { MODEL, accessLine, ask, attemptSummary, messagePosts, sdkClient, waitForState } from './failover-helpers.js';

/** Sends `n` requests and returns how many POSTs each fake received meanwhile. */
async function spread(stack: Stack, client: Anthropic, n: number): Promise<number[]> {
  const before = stack.fakes.map(messagePosts);
  for (let i = 0; i < n; i++) await ask(client);
  return stack.fakes.map((f, i) => messagePosts(f) - before[i]!);
}

/** What spread() returns when all `n` requests went to fake `index` (of two). */
const onlyOn = (index: number, n: number) => (index === 0 ? [n, 0] : [0, n]);

/** Where a session is bound: sends one request and sees which fake got it. */
async function boundTo(stack: Stack, client: Anthropic): Promise<{ bound: FakeUpstream; boundId: string; other: number }> {
  const i = (await spread(stack, client, 1)).indexOf(1);
  return { bound: stack.fakes[i]!, boundId: `up${i + 1}`, other: 1 - i };
}

function sessionClient(stack: Stack, sessionId: string): Anthropic {
  return sdkClient(stack, TENANT_KEY, { 'x-claude-code-session-id': sessionId });
}

/** A two-upstream round-robin stack for the enclosing describe. */
function roundRobinStack(): () => Stack {
  let stack: Stack | undefined;
  before(async () => {
    stack = await startStack({ fakes: 2, loadBalancer: { strategy: 'round_robin' } });
  });
  after(() => stack?.close());
  return () => stack!;
}

describe('sticky sessions', () => {
  const stackOf = roundRobinStack();

  test('without a session, round robin alternates; with one, every request lands on one upstream', async () => {
    const stack = stackOf();
    assert.deepEqual(await spread(stack, sdkClient(stack, TENANT_KEY), 4), [2, 2]);
    const counts = await spread(stack, sessionClient(stack, 'session-steady'), 6);
    assert.deepEqual([...counts].sort(), [0, 6]);
  });

  test('a session moves when its upstream cools down, and stays on the new one', async () => {
    const stack = stackOf();
    const client = sessionClient(stack, 'session-cooling');
    const { bound, boundId, other } = await boundTo(stack, client);
    // Other traffic (no session) meets a 429 there: the upstream cools down for 30 s.
    bound.queue({ status: 429, retryAfterSec: 30 });
    const anonymous = sdkClient(stack, TENANT_KEY);
    const seen = messagePosts(bound);
    for (let i = 0; i < 4 && messagePosts(bound) === seen; i++) await ask(anonymous);
    assert.equal(messagePosts(bound), seen + 1, 'round robin sent one anonymous request there');
    await waitForState(stack, boundId, 'cooling');
    assert.deepEqual(await spread(stack, client, 3), onlyOn(other, 3), 'the cooling upstream got none of the session');
  });
});

describe('a session whose upstream fails its request', () => {
  const stackOf = roundRobinStack();

  test('the client sees one clean answer; the session stays on the upstream that gave it', async () => {
    const stack = stackOf();
    const client = sessionClient(stack, 'session-failing');
    const { bound, boundId, other } = await boundTo(stack, client);
    bound.queue({ status: 529 });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] });
    const final = await stream.finalMessage();
    assert.equal(final.content.length, 1);
    assert.equal(final.content[0]?.type === 'text' ? final.content[0].text : '', FAKE_TEXT, 'one answer, nothing repeated');
    const requestId = (await stream.withResponse()).response.headers.get('x-ccgate-request-id') ?? '';
    assert.deepEqual(attemptSummary(await accessLine(stack, requestId)), [[boundId, 529, 'overloaded'], [`up${other + 1}`, 200, null]]);
    // Once the first upstream is healthy again the session does not go back.
    await waitForState(stack, boundId, 'healthy');
    assert.deepEqual(await spread(stack, client, 4), onlyOn(other, 4));
  });
});
