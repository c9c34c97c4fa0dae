// Range parameters of the dashboard API: presets in the zone, from/to, caps, strictness; and the
// tenant scope a session may ask for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TenantConfig } from '../../../src/config/types.js';
import { overlayTenants, parseRangeSpec, scopedTenant } from '../../../src/http/dashboard/api-params.js';
import type { DashboardViewer } from '../../../src/http/dashboard/session-guard.js';
import type { DashboardSession } from '../../../src/tenancy/dashboard-sessions.js';

const NOW = Date.UTC(2026, 11, 2, 15, 40);
const DAY = 86_400_000;
const params = (o: Record<string, string>) => new Map(Object.entries(o));
const status = (fn: () => unknown) => {
  try {
    fn();
    return 200;
  } catch (err) {
    return (err as { status: number }).status;
  }
};

const session = {} as DashboardSession;
const tenant: DashboardViewer = { role: 'tenant', tenant: { id: 'alice', timezone: 'Asia/Shanghai' } as TenantConfig, session };
const admin: DashboardViewer = { role: 'admin', username: 'admin', session };

describe('dashboard range parameters', () => {
  it('defaults to today in the viewer\'s zone, hourly', () => {
    const r = parseRangeSpec(params({}), NOW, 'Asia/Shanghai');
    assert.deepEqual([r.preset, r.bucket, r.tz, r.fromMs, r.toMs], ['today', 'hour', 'Asia/Shanghai', Date.UTC(2026, 11, 1, 16), NOW]);
    assert.equal(r.starts.length, 24);
    assert.equal(r.starts[0], r.fromMs);
  });

  it('from/to with a default bucket by length; bucket overrides', () => {
    const r = parseRangeSpec(params({ from: String(NOW - 10 * DAY), to: String(NOW) }), NOW, 'UTC');
    assert.deepEqual([r.preset, r.bucket, r.starts.length], [null, 'day', 11]);
    assert.equal(parseRangeSpec(params({ range: '7d', bucket: 'hour' }), NOW, 'UTC').bucket, 'hour');
  });

  it('400s: unknown preset or zone, mixed forms, reversed, too long, hourly too long', () => {
    assert.equal(status(() => parseRangeSpec(params({ range: 'week' }), NOW, 'UTC')), 400);
    assert.equal(status(() => parseRangeSpec(params({ tz: 'Europe/Atlantis' }), NOW, 'UTC')), 400);
    assert.equal(status(() => parseRangeSpec(params({ range: 'today', from: '2026-01-01' }), NOW, 'UTC')), 400);
    assert.equal(status(() => parseRangeSpec(params({ from: String(NOW), to: String(NOW - 1) }), NOW, 'UTC')), 400);
    assert.equal(status(() => parseRangeSpec(params({ from: String(NOW - 401 * DAY) }), NOW, 'UTC')), 400);
    assert.equal(status(() => parseRangeSpec(params({ range: '30d', bucket: 'hour' }), NOW, 'UTC')), 200);
    assert.equal(status(() => parseRangeSpec(params({ from: String(NOW - 32 * DAY), bucket: 'hour' }), NOW, 'UTC')), 400);
    assert.equal(status(() => parseRangeSpec(params({ bucket: 'minute' }), NOW, 'UTC')), 400);
  });

  it('a tenant covers only itself; naming another is 403; the admin may name any', () => {
    assert.equal(scopedTenant(tenant, params({})), 'alice');
    assert.equal(scopedTenant(tenant, params({ tenantId: 'alice' })), 'alice');
    assert.equal(status(() => scopedTenant(tenant, params({ tenantId: 'bob' }))), 403);
    assert.equal(status(() => overlayTenants(tenant, params({ tenants: 'alice,bob' }))), 403);
    assert.equal(scopedTenant(admin, params({})), undefined);
    assert.deepEqual(overlayTenants(admin, params({ tenants: 'a,b' })), ['a', 'b']);
    for (const bad of ['a,,b', 'a,a', Array.from({ length: 11 }, (_, i) => `t${i}`).join(',')]) assert.equal(status(() => overlayTenants(admin, params({ tenants: bad }))), 400, bad);
  });
});
