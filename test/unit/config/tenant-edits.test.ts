// Tenant edits on tenants.json text: rotation (plain key → hash in place, grace list), patches
// with limits removed by null, pruning of expired grace keys; and the audit diff, which never
// carries a key or a hash.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'jsonc-parser';
import { diffConfigs } from '../../../src/config/config-diff.js';
import { configFromTexts, sha256Hex } from '../../../src/config/load-config.js';
import { idFromName, patchTenant, pruneGraceKeys, rotateTenantKey } from '../../../src/config/tenant-edits.js';
import { tempDir } from '../../support/gateway-process.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const OLD_KEY = 'ccg-old-plain-key-1234';
const NEW_HASH = `sha256:${sha256Hex('ccg_new_key')}`;
const TEXT = `{
  "tenants": [
    {
      "id": "t1",
      "key": "${OLD_KEY}", // plain, from the old gateway
      "limits": { "daily": { "maxUSD": 5 }, "requestsPerMinute": 10 }
    }
  ]
}
`;

const tenant0 = (text: string) => (parse(text) as { tenants: Array<Record<string, unknown>> }).tenants[0]!;
const config = (text: string) => configFromTexts(tempDir(), tempDir(), { 'server.json': undefined, 'upstreams.json': undefined, 'tenants.json': text });

describe('rotateTenantKey', () => {
  test('with grace: the plain key becomes keyHash in place, the old key is kept by hash until the grace end', () => {
    const until = new Date(NOW + 3_600_000).toISOString();
    const out = rotateTenantKey(TEXT, 0, NEW_HASH, until, NOW);
    assert.ok(out.includes(`"keyHash": "${NEW_HASH}", // plain, from the old gateway`), out);
    assert.ok(!out.includes(OLD_KEY), 'the plain key is gone from the file');
    const t = tenant0(out);
    assert.deepEqual(t['previousKeys'], [{ keyHash: `sha256:${sha256Hex(OLD_KEY)}`, validUntil: until }]);
    const loaded = config(out).tenants[0]!;
    assert.equal(loaded.keySha256, sha256Hex('ccg_new_key'));
    assert.deepEqual(loaded.previousKeys, [{ keySha256: sha256Hex(OLD_KEY), validUntilMs: NOW + 3_600_000 }]);
  });

  test('a later rotation keeps live grace keys and drops expired ones; without grace all go', () => {
    // OLD_KEY's grace ends at NOW+1s; key 1's at NOW+9s; key 2 is rotated out at NOW+2s.
    const first = rotateTenantKey(TEXT, 0, `sha256:${'1'.repeat(64)}`, new Date(NOW + 1000).toISOString(), NOW);
    const second = rotateTenantKey(first, 0, `sha256:${'2'.repeat(64)}`, new Date(NOW + 9000).toISOString(), NOW + 500);
    assert.equal((tenant0(second)['previousKeys'] as unknown[]).length, 2);
    const third = rotateTenantKey(second, 0, `sha256:${'3'.repeat(64)}`, new Date(NOW + 9000).toISOString(), NOW + 2000);
    assert.deepEqual((tenant0(third)['previousKeys'] as Array<{ keyHash: string }>).map((k) => k.keyHash), [`sha256:${'1'.repeat(64)}`, `sha256:${'2'.repeat(64)}`]);
    const revoked = rotateTenantKey(third, 0, NEW_HASH, undefined, NOW + 2000);
    assert.equal(tenant0(revoked)['previousKeys'], undefined);
  });
});

test('patchTenant: fields set, a null limit removed, updatedAt stamped; the comment stays', () => {
  const out = patchTenant(TEXT, 0, { name: 'Team 1', enabled: false, limits: { daily: null, weekly: { maxUSD: 20 }, requestsPerMinute: null, concurrentRequests: 2 }, timezone: 'Asia/Shanghai' }, '2026-03-01T12:00:00.000Z');
  assert.ok(out.includes('// plain, from the old gateway'));
  const t = tenant0(out);
  assert.deepEqual(t['limits'], { weekly: { maxUSD: 20 }, concurrentRequests: 2 });
  assert.equal(t['name'], 'Team 1');
  assert.equal(t['enabled'], false);
  assert.equal(t['timezone'], 'Asia/Shanghai');
  assert.equal(t['updatedAt'], '2026-03-01T12:00:00.000Z');
});

test('pruneGraceKeys drops only expired entries, and the list when it empties', () => {
  const withGrace = rotateTenantKey(rotateTenantKey(TEXT, 0, `sha256:${'1'.repeat(64)}`, new Date(NOW + 1000).toISOString(), NOW), 0, NEW_HASH, new Date(NOW + 5000).toISOString(), NOW);
  assert.equal((tenant0(pruneGraceKeys(withGrace, NOW + 2000))['previousKeys'] as unknown[]).length, 1);
  assert.equal(tenant0(pruneGraceKeys(withGrace, NOW + 6000))['previousKeys'], undefined);
  assert.equal(pruneGraceKeys(withGrace, NOW), withGrace);
});

test('the audit diff: a rotation shows a marker and the grace end, never a key or hash', () => {
  const before = config(TEXT);
  const after = config(rotateTenantKey(TEXT, 0, NEW_HASH, new Date(NOW + 60_000).toISOString(), NOW));
  const changes = diffConfigs(before, after, NOW);
  assert.deepEqual(changes, [{ action: 'tenant.rotate', target: 't1', changes: { graceKeyUntil: [null, new Date(NOW + 60_000).toISOString()], key: ['(hidden)', 'rotated'] } }]);
  const text = JSON.stringify(diffConfigs(before, config('{ "tenants": [] }'), NOW)) + JSON.stringify(diffConfigs(config('{ "tenants": [] }'), after, NOW));
  for (const secret of [OLD_KEY, sha256Hex(OLD_KEY), sha256Hex('ccg_new_key')]) assert.ok(!text.includes(secret));
  assert.match(text, /"tenant\.delete"/);
  assert.match(text, /"tenant\.create"/);
});

test('idFromName: lower-case ASCII slug, unique, never empty', () => {
  assert.equal(idFromName('Équipe Zoé / R&D', []), 'equipe-zoe-r-d');
  assert.equal(idFromName('Alice', ['alice', 'alice-2']), 'alice-3');
  assert.equal(idFromName('张三', []), 'tenant');
  assert.equal(idFromName('  --  ', ['tenant']), 'tenant-2');
  assert.equal(idFromName('x'.repeat(80), []).length, 48);
});
