// The settings issue 11 added: response caps and the default budget policy in server.json, the
// metadata and non-streaming first-byte timeouts, and a tenant's budgetPolicy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../../src/config/load-config.js';
import { tempDir, writeConfig } from '../../support/gateway-process.js';

const upstream = { id: 'u1', url: 'https://api.anthropic.com', key: 'sk-ant-secret' };
const tenant = { id: 't1', key: 'ccg-secret-key-abcdef-123' };

function load(files: Parameters<typeof writeConfig>[1]) {
  const dir = tempDir();
  writeConfig(dir, files);
  return loadConfig(dir, tempDir());
}

test('defaults: 64 MB / 64 MB / 16 MB caps, clamp with 1024 useful tokens, 10 min and 30 s timeouts', () => {
  const c = load({ 'upstreams.json': { upstreams: [upstream] }, 'tenants.json': { tenants: [tenant] } });
  assert.deepEqual(c.proxy, { maxResponseBytes: 64 << 20, maxDecompressedBytes: 64 << 20, maxSseFrameBytes: 16 << 20 });
  assert.deepEqual(c.budgets, { clampMinOutputTokens: 1024 });
  assert.equal(c.tenants[0]!.budgetPolicy, 'clamp');
  assert.equal(c.upstreams[0]!.timeouts.nonStreamingFirstByteMs, 600_000);
  assert.equal(c.upstreams[0]!.timeouts.metadataMs, 30_000);
});

test('set in server.json, per upstream and per tenant', () => {
  const c = load({
    'server.json': { proxy: { maxResponseBytes: '8MB', maxDecompressedBytes: 1_000_000, maxSseFrameBytes: '1MB', timeouts: { metadataMs: 5_000 } }, budgets: { defaultPolicy: 'strict', clampMinOutputTokens: 2048 } },
    'upstreams.json': { upstreams: [upstream, { ...upstream, id: 'u2', timeouts: { metadataMs: 1_000, nonStreamingFirstByteMs: 120_000 } }] },
    'tenants.json': { tenants: [tenant, { id: 't2', key: 'ccg-other-key-abcdef-456', budgetPolicy: 'soft' }] },
  });
  assert.deepEqual(c.proxy, { maxResponseBytes: 8 << 20, maxDecompressedBytes: 1_000_000, maxSseFrameBytes: 1 << 20 });
  assert.deepEqual(c.budgets, { clampMinOutputTokens: 2048 });
  assert.deepEqual(c.tenants.map((t) => t.budgetPolicy), ['strict', 'soft']);
  assert.deepEqual(c.upstreams.map((u) => [u.timeouts.metadataMs, u.timeouts.nonStreamingFirstByteMs]), [[5_000, 600_000], [1_000, 120_000]]);
});

test('an unknown budget policy is a config problem naming the field', () => {
  const dir = tempDir();
  writeConfig(dir, { 'tenants.json': { tenants: [{ ...tenant, budgetPolicy: 'loose' }] } });
  assert.throws(() => loadConfig(dir, tempDir()), (err: unknown) => err instanceof ConfigError && /tenants\.json: tenants\[0\]\.budgetPolicy: /.test(err.message));
});
