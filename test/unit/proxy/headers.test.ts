// What of a client's request headers reaches an upstream (issue 11 point 9): the default pass-through
// list of reference/anthropic-wire.md, an upstream's own `forwardHeaders`, and never credentials,
// hop-by-hop, framing or client-address headers, whatever the config says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NEVER_FORWARDED_HEADERS } from '../../../src/config/schema.js';
import { NEVER_FORWARD, clientResponseHeaders, upstreamRequestHeaders } from '../../../src/proxy/headers.js';
import { upstream } from '../routing/routing-fixtures.js';

const CLAUDE_CODE = {
  host: 'gw.example',
  'content-type': 'application/json',
  accept: 'application/json',
  'user-agent': 'claude-cli/2.1.0 (external, cli)',
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14',
  'anthropic-dangerous-direct-browser-access': 'true',
  'x-app': 'cli',
  'x-stainless-lang': 'js',
  'x-stainless-retry-count': '0',
  'x-claude-code-session-id': 'b1f7',
  authorization: 'Bearer ccg-tenant-key',
  'x-api-key': 'ccg-tenant-key',
  cookie: 'a=b',
  connection: 'keep-alive',
  'content-length': '123',
  'accept-encoding': 'gzip, br',
  via: '1.1 corp-proxy',
  'true-client-ip': '198.51.100.1',
  'x-client-ip': '198.51.100.2',
  'x-forwarded-for': '198.51.100.3',
  origin: 'https://tenant.example',
  referer: 'https://tenant.example/',
  'x-anything': '1',
};

describe('upstreamRequestHeaders', () => {
  it('forwards the default list unchanged and nothing else; sets the upstream key and identity encoding', () => {
    const out = upstreamRequestHeaders(CLAUDE_CODE, upstream('a'));
    assert.deepEqual(Object.keys(out).sort(), [
      'accept',
      'accept-encoding',
      'anthropic-beta',
      'anthropic-dangerous-direct-browser-access',
      'anthropic-version',
      'content-type',
      'user-agent',
      'x-api-key',
      'x-app',
      'x-claude-code-session-id',
      'x-stainless-lang',
      'x-stainless-retry-count',
    ]);
    assert.equal(out['x-api-key'], 'sk-secret-a');
    assert.equal(out['accept-encoding'], 'identity');
    assert.equal(out['anthropic-beta'], CLAUDE_CODE['anthropic-beta']);
  });

  it('adds an upstream\'s forwardHeaders (names and prefixes), never a credential', () => {
    const up = upstream('a', { forwardHeaders: ['x-anything', 'x-client-*'], authHeader: 'bearer' });
    const out = upstreamRequestHeaders(CLAUDE_CODE, up);
    assert.equal(out['x-anything'], '1');
    assert.equal(out['x-client-ip'], '198.51.100.2');
    assert.equal(out['authorization'], 'Bearer sk-secret-a');
    assert.equal(out['cookie'], undefined);
    assert.equal(out['via'], undefined);
  });

  it('a header named in Connection is hop-by-hop even when it is on the list', () => {
    const out = upstreamRequestHeaders({ ...CLAUDE_CODE, connection: 'close, anthropic-beta' }, upstream('a'));
    assert.equal(out['anthropic-beta'], undefined);
  });

  it('takes only the upstream\'s extras from `extrasFrom` (the OpenAI endpoint\'s client)', () => {
    const up = upstream('a', { forwardHeaders: ['x-anything'] });
    const out = upstreamRequestHeaders({ 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, up, CLAUDE_CODE);
    assert.equal(out['x-anything'], '1');
    assert.equal(out['x-stainless-lang'], undefined);
    assert.equal(out['user-agent'], undefined);
    assert.equal(upstreamRequestHeaders({}, upstream('b'), CLAUDE_CODE)['x-anything'], undefined);
  });

  it('the config refuses in forwardHeaders exactly what the proxy never forwards', () => {
    assert.deepEqual([...NEVER_FORWARDED_HEADERS].sort(), [...NEVER_FORWARD].sort());
  });
});

describe('clientResponseHeaders', () => {
  it('drops framing, hop-by-hop and cookies from an upstream answer', () => {
    const out = clientResponseHeaders({ 'content-type': 'text/event-stream', 'content-length': '5', connection: 'close', 'set-cookie': 'x', 'request-id': 'req_1' });
    assert.deepEqual(out, { 'content-type': 'text/event-stream', 'request-id': 'req_1' });
  });
});
