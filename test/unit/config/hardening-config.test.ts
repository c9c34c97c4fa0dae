// The config fields of issue 11's tenant-facing defences: their defaults, and the refusals that
// keep an edit from opening what the gateway keeps closed (never printing the secret itself).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig, sha256Hex } from '../../../src/config/load-config.js';
import { tempDir, writeConfig } from '../../support/gateway-process.js';

const tenants = { tenants: [{ id: 't1', key: 'ccg-secret-key-abcdef-123' }] };
const upstream = { id: 'u1', url: 'https://api.anthropic.com', key: 'sk-ant-super-secret-value' };

function load(server: unknown, upstreams: unknown[] = [upstream]) {
  const dir = tempDir();
  writeConfig(dir, { 'server.json': server as Record<string, unknown>, 'upstreams.json': { upstreams }, 'tenants.json': tenants });
  return loadConfig(dir, tempDir());
}

function problems(server: unknown, upstreams: unknown[] = [upstream]): string {
  try {
    load(server, upstreams);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  assert.fail('config was accepted');
}

test('defaults: 30 s body idle limit, 256 connections per client, depth 64, /metrics closed, no extra headers', () => {
  const c = load({});
  assert.deepEqual([c.server.bodyTimeoutMs, c.server.maxConnectionsPerClient, c.server.maxJsonDepth], [30_000, 256, 64]);
  assert.deepEqual(c.metrics, { tokenSha256: undefined, public: false });
  assert.deepEqual(c.upstreams[0]!.forwardHeaders, []);
});

test('metrics.token is kept only as its digest; a short one is refused without being printed', () => {
  const token = 'scrape-token-0123456789';
  assert.equal(load({ metrics: { token } }).metrics.tokenSha256, sha256Hex(token));
  const msg = problems({ metrics: { token: 'short-tok' } });
  assert.match(msg, /server\.json: metrics\.token: must be at least 16 characters/);
  assert.ok(!msg.includes('short-tok'));
});

test('forwardHeaders: names and prefixes are lower-cased; credentials, hop-by-hop and address headers are refused', () => {
  assert.deepEqual(load({}, [{ ...upstream, forwardHeaders: ['X-Trace-Id', 'x-corp-*'] }]).upstreams[0]!.forwardHeaders, ['x-trace-id', 'x-corp-*']);
  for (const bad of ['authorization', 'Cookie', 'x-api-*', 'x-forwarded-for', 'transfer-encoding', 'a*', '*', 'bad name']) {
    assert.match(problems({}, [{ ...upstream, forwardHeaders: [bad] }]), /upstreams\.json: upstreams\[0\]\.forwardHeaders\[0\]/, bad);
  }
});

test('limits out of range are refused', () => {
  assert.match(problems({ server: { bodyTimeoutMs: 0 } }), /server\.bodyTimeoutMs/);
  assert.match(problems({ server: { maxJsonDepth: 1 } }), /server\.maxJsonDepth/);
  assert.match(problems({ server: { maxConnectionsPerClient: -1 } }), /server\.maxConnectionsPerClient/);
});

test('upstreams[].maxConnections: 256 unless set, a positive integer', () => {
  assert.equal(load({}).upstreams[0]!.maxConnections, 256);
  assert.equal(load({}, [{ ...upstream, maxConnections: 2_000 }]).upstreams[0]!.maxConnections, 2_000);
  for (const bad of [0, -1, 1.5, 'many']) assert.match(problems({}, [{ ...upstream, maxConnections: bad }]), /upstreams\[0\]\.maxConnections/, String(bad));
});

test('storage.sqliteCacheSize: 16MB unless set, a size', () => {
  assert.equal(load({}).storage.sqliteCacheBytes, 16 * 1024 * 1024);
  assert.equal(load({ storage: { sqliteCacheSize: '2MB' } }).storage.sqliteCacheBytes, 2 * 1024 * 1024);
  assert.match(problems({ storage: { sqliteCacheSize: 'lots' } }), /storage\.sqliteCacheSize/);
});
