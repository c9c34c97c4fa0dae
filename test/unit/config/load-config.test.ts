// Config loading: the original CCGate's files load unchanged; each kind of invalid config gives a
// message naming file, field path and problem, and never the secret itself.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig, sha256Hex } from '../../../src/config/load-config.js';
import { REPO_ROOT, tempDir, writeConfig } from '../../support/gateway-process.js';

function problemsOf(files: Parameters<typeof writeConfig>[1]): string {
  const dir = tempDir();
  writeConfig(dir, files);
  try {
    loadConfig(dir, tempDir());
  } catch (err) {
    assert.ok(err instanceof ConfigError, `not a ConfigError: ${String(err)}`);
    return err.message;
  }
  assert.fail('config was accepted');
}

const okTenant = { id: 't1', key: 'ccg-secret-key-abcdef-123' };
const okUpstream = { id: 'u1', url: 'https://api.anthropic.com', key: 'sk-ant-super-secret-value' };

test('the example files (original CCGate format, with // comments) load', () => {
  const config = loadConfig(join(REPO_ROOT, 'examples/config'), tempDir());
  assert.equal(config.server.port, 3000);
  assert.equal(config.logging.maxFileBytes, 100 * 1024 * 1024);
  assert.equal(config.routing.strategy, 'weighted_round_robin');
  assert.equal(config.routing.maxAttempts, 3); // retryAttempts 2 + the first
  assert.equal(config.upstreams.length, 2);
  assert.equal(config.upstreams[1]!.origin, 'https://mirror-a.example.com');
  assert.equal(config.upstreams[1]!.pathPrefix, '/api');
  assert.equal(config.upstreams[0]!.timeouts.firstByteMs, 120_000);
  assert.equal(config.upstreams[0]!.authHeader, 'x-api-key');
  assert.deepEqual(config.tenants[1]!.allowedModels, ['*sonnet*', '*haiku*']);
  assert.equal(config.tenants[1]!.limits.daily?.maxUsd, 5);
  assert.equal(config.tenants[0]!.keySha256, sha256Hex('ccg-alice-example-key-change-me'));
  assert.deepEqual(config.openai.models, { 'gpt-4o': 'claude-sonnet-4-6', 'gpt-4o-mini': 'claude-haiku-4-5' });
});

test('an empty folder loads with defaults', () => {
  const config = loadConfig(tempDir(), tempDir());
  assert.equal(config.server.port, 3000);
  assert.equal(config.upstreams.length, 0);
  assert.equal(config.routing.sessions.enabled, true);
});

test('new optional fields: authHeader, models with renaming, timeouts, keyHash', () => {
  const dir = tempDir();
  writeConfig(dir, {
    'upstreams.json': { upstreams: [{ ...okUpstream, authHeader: 'bearer', models: ['claude-opus-*', { match: 'claude-sonnet-4-6', rename: 'sonnet-latest' }], timeouts: { connectMs: 1234, idleMs: 5000 } }] },
    'tenants.json': { tenants: [{ id: 'h', keyHash: `sha256:${sha256Hex('ccg-hashed-key-0000')}` }] },
  });
  const config = loadConfig(dir, tempDir());
  const u = config.upstreams[0]!;
  assert.equal(u.authHeader, 'bearer');
  assert.deepEqual(u.models, [{ pattern: 'claude-opus-*' }, { pattern: 'claude-sonnet-4-6', rename: 'sonnet-latest' }]);
  assert.equal(u.timeouts.connectMs, 1234);
  assert.equal(u.timeouts.idleMs, 5000);
  assert.equal(config.tenants[0]!.keySha256, sha256Hex('ccg-hashed-key-0000'));
});

const INVALID: Array<{ name: string; files: Parameters<typeof writeConfig>[1]; expect: RegExp }> = [
  { name: 'JSON syntax error with line and column', files: { 'server.json': '{\n  "server": { "port": 3000,, }\n}' }, expect: /server\.json: \(syntax\): .*line 2/ },
  { name: 'wrong type', files: { 'server.json': { server: { port: 'eighty' } } }, expect: /server\.json: server\.port: / },
  { name: 'port out of range', files: { 'server.json': { server: { port: 70000 } } }, expect: /server\.port/ },
  { name: 'unknown strategy', files: { 'upstreams.json': { upstreams: [okUpstream], loadBalancer: { strategy: 'fastest' } } }, expect: /upstreams\.json: loadBalancer\.strategy: / },
  { name: 'bad upstream URL', files: { 'upstreams.json': { upstreams: [{ ...okUpstream, url: 'ftp://x' }] } }, expect: /upstreams\[0\]\.url: must be an http\(s\) URL/ },
  { name: 'bad authHeader', files: { 'upstreams.json': { upstreams: [{ ...okUpstream, authHeader: 'cookie' }] } }, expect: /upstreams\[0\]\.authHeader/ },
  { name: 'duplicate upstream ids', files: { 'upstreams.json': { upstreams: [okUpstream, okUpstream] } }, expect: /upstreams\[1\]\.id: duplicate upstream id "u1"/ },
  { name: 'negative weight', files: { 'upstreams.json': { upstreams: [{ ...okUpstream, weight: -1 }] } }, expect: /upstreams\[0\]\.weight/ },
  { name: 'duplicate tenant keys', files: { 'tenants.json': { tenants: [okTenant, { ...okTenant, id: 't2' }] } }, expect: /tenants\[1\]\.key: same key as tenants\[0\]/ },
  { name: 'short tenant key', files: { 'tenants.json': { tenants: [{ id: 'x', key: 'abc' }] } }, expect: /tenants\[0\]\.key: must be at least 8 characters/ },
  { name: 'tenant without key', files: { 'tenants.json': { tenants: [{ id: 'x' }] } }, expect: /tenants\[0\]\.key: give exactly one of key or keyHash/ },
  { name: 'unknown time zone', files: { 'tenants.json': { tenants: [{ ...okTenant, timezone: 'Mars/Olympus' }] } }, expect: /tenants\[0\]\.timezone: unknown IANA time zone/ },
  { name: 'negative daily limit', files: { 'tenants.json': { tenants: [{ ...okTenant, limits: { daily: { maxUSD: -5 } } }] } }, expect: /tenants\[0\]\.limits\.daily\.maxUSD/ },
  { name: 'allowedModels not a list', files: { 'tenants.json': { tenants: [{ ...okTenant, allowedModels: '*' }] } }, expect: /tenants\[0\]\.allowedModels/ },
  { name: 'log size not a size', files: { 'server.json': { logging: { maxFileSize: 'huge' } } }, expect: /logging\.maxFileSize/ },
];

for (const c of INVALID) {
  test(`invalid config: ${c.name}`, () => {
    const message = problemsOf(c.files);
    assert.match(message, c.expect);
    assert.ok(!message.includes(okTenant.key), 'tenant key printed');
    assert.ok(!message.includes(okUpstream.key), 'upstream key printed');
  });
}

test('a secret inside a wrong-typed field is not printed', () => {
  const message = problemsOf({ 'upstreams.json': { upstreams: [{ ...okUpstream, key: 12345678901234, url: 'sk-ant-looks-like-a-key' }] } });
  assert.match(message, /upstreams\[0\]\.key/);
  assert.ok(!message.includes('12345678901234') && !message.includes('sk-ant-looks-like-a-key'));
});

test('every problem is listed, not only the first', () => {
  const message = problemsOf({ 'server.json': { server: { port: -1 } }, 'tenants.json': { tenants: [{ id: 'x', key: 'abc' }] } });
  assert.match(message, /server\.port/);
  assert.match(message, /tenants\[0\]\.key/);
});
