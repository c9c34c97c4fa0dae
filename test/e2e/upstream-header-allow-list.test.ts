// What a tenant's request headers can tell an upstream (issue 11 point 9): only the pass-through
// list of reference/anthropic-wire.md plus the names an upstream's `forwardHeaders` adds; never a
// client address, origin or an arbitrary x-* header; credentials and hop-by-hop never at all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TENANT_KEY, startStack, type Stack } from '../support/stack.js';

const LEAKY = {
  via: '1.1 tenant-proxy',
  'true-client-ip': '203.0.113.7',
  'x-client-ip': '203.0.113.8',
  'x-forwarded-for': '203.0.113.9',
  'x-real-ip': '203.0.113.10',
  origin: 'http://tenant.example',
  referer: 'http://tenant.example/page',
  'x-internal-user': 'alice@corp',
  'x-custom-trace': 'abc',
  cookie: 'session=1',
};
const PASSED = {
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'interleaved-thinking-2025-05-14',
  'x-app': 'cli',
  'x-stainless-lang': 'js',
  'x-claude-code-session-id': 'sess-42',
  'user-agent': 'claude-cli/2.1.0',
  accept: 'application/json',
};

describe('upstream header allow-list', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ upstream: () => ({ forwardHeaders: ['x-fake-scenario', 'x-custom-*'] }), server: { openai: { models: { 'gpt-4o': 'claude-sonnet-4-6' } } } });
  });
  after(() => stack.close());

  test('Anthropic endpoint: the default list and the upstream\'s extras pass, everything else stays behind', async () => {
    const res = await fetch(`${stack.anthropicBase}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json', ...LEAKY, ...PASSED },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    assert.equal(res.status, 200);
    const got = stack.fake.received.at(-1)!.headers;
    for (const name of Object.keys(LEAKY)) if (name !== 'x-custom-trace') assert.equal(got[name], undefined, `${name} reached the upstream`);
    assert.equal(got['x-custom-trace'], 'abc', 'x-custom-* is on this upstream\'s forwardHeaders');
    for (const [name, value] of Object.entries(PASSED)) assert.equal(got[name], value, name);
    assert.equal(got['x-api-key'], stack.fake.key);
    assert.equal(got['content-type'], 'application/json');
  });

  test('OpenAI endpoint: its own Anthropic header set plus the upstream\'s extras, nothing else', async () => {
    const res = await fetch(`${stack.gw.baseUrl}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TENANT_KEY}`, 'content-type': 'application/json', ...LEAKY, 'x-stainless-lang': 'js', 'user-agent': 'OpenAI/JS 6' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    assert.equal(res.status, 200);
    const got = stack.fake.received.at(-1)!.headers;
    for (const name of Object.keys(LEAKY)) if (name !== 'x-custom-trace') assert.equal(got[name], undefined, `${name} reached the upstream`);
    assert.equal(got['x-custom-trace'], 'abc');
    assert.equal(got['x-stainless-lang'], undefined, 'the OpenAI SDK\'s own headers describe another API');
    assert.equal(got['user-agent'], 'OpenAI/JS 6');
    assert.equal(got['anthropic-version'], '2023-06-01');
  });
});
