// What changed between two configs, tenant by tenant and upstream by upstream, as the audit log
// records it: field → [before, after], named as in the files. Keys and key hashes never appear: a
// changed key shows as a marker, rotated-out keys only as the end of their grace period.
import type { GatewayConfig, TenantConfig, UpstreamConfig } from './types.js';

export type ConfigChangeAction = 'tenant.create' | 'tenant.update' | 'tenant.rotate' | 'tenant.delete' | 'upstream.create' | 'upstream.update' | 'upstream.delete';

/** One entry's change. */
export interface ConfigChange {
  action: ConfigChangeAction;
  target: string;
  changes: Record<string, [unknown, unknown]>;
}

/** Stands for a key in a change: the key itself is never recorded. */
export const HIDDEN_KEY = '(hidden)';

/** End of the latest rotated-out key's grace period still ahead of `nowMs` (epoch ms), or null. */
export function graceKeyUntilMs(tenant: TenantConfig, nowMs: number): number | null {
  let latest: number | null = null;
  for (const k of tenant.previousKeys) if (k.validUntilMs > nowMs && (latest === null || k.validUntilMs > latest)) latest = k.validUntilMs;
  return latest;
}

function tenantFields(t: TenantConfig, nowMs: number): Record<string, unknown> {
  const until = graceKeyUntilMs(t, nowMs);
  return {
    name: t.name,
    enabled: t.enabled,
    allowedModels: t.allowedModels,
    'limits.daily': t.limits.daily?.maxUsd ?? null,
    'limits.weekly': t.limits.weekly?.maxUsd ?? null,
    'limits.monthly': t.limits.monthly?.maxUsd ?? null,
    'limits.5h': t.limits.fiveHour?.maxUsd ?? null,
    'limits.requestsPerMinute': t.limits.requestsPerMinute ?? null,
    'limits.concurrentRequests': t.limits.concurrentRequests ?? null,
    timezone: t.timezone,
    priceMultiplier: t.priceMultiplier,
    graceKeyUntil: until === null ? null : new Date(until).toISOString(),
  };
}

function upstreamFields(u: UpstreamConfig): Record<string, unknown> {
  return {
    name: u.name,
    url: u.origin + u.pathPrefix,
    enabled: u.enabled,
    weight: u.weight,
    priority: u.priority,
    note: u.description ?? '',
    authHeader: u.authHeader,
    models: u.models?.map((m) => (m.rename ? `${m.pattern} -> ${m.rename}` : m.pattern)) ?? null,
    costMultiplier: u.costMultiplier,
  };
}

function fieldChanges(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const field of Object.keys(after ?? before ?? {})) {
    const a = before?.[field] ?? null;
    const b = after?.[field] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) out[field] = [a, b];
  }
  return out;
}

function diffList<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
  kind: 'tenant' | 'upstream',
  fields: (item: T) => Record<string, unknown>,
  secret: (item: T) => string,
): ConfigChange[] {
  const out: ConfigChange[] = [];
  const old = new Map(before.map((item) => [item.id, item]));
  const seen = new Set<string>();
  for (const item of after) {
    seen.add(item.id);
    const prev = old.get(item.id);
    const changes = fieldChanges(prev && fields(prev), fields(item));
    if (!prev) {
      out.push({ action: `${kind}.create`, target: item.id, changes: { ...changes, key: [null, 'set'] } });
      continue;
    }
    const keyChanged = secret(prev) !== secret(item);
    if (keyChanged) changes['key'] = [HIDDEN_KEY, kind === 'tenant' ? 'rotated' : 'changed'];
    if (Object.keys(changes).length) out.push({ action: kind === 'tenant' && keyChanged ? 'tenant.rotate' : `${kind}.update`, target: item.id, changes });
  }
  for (const item of before) if (!seen.has(item.id)) out.push({ action: `${kind}.delete`, target: item.id, changes: { ...fieldChanges(fields(item), undefined), key: [HIDDEN_KEY, null] } });
  return out;
}

/** Every tenant and upstream change from `before` to `after` (grace periods judged at `nowMs`). */
export function diffConfigs(before: GatewayConfig, after: GatewayConfig, nowMs: number): ConfigChange[] {
  return [
    ...diffList(before.tenants, after.tenants, 'tenant', (t) => tenantFields(t, nowMs), (t) => t.keySha256),
    ...diffList(before.upstreams, after.upstreams, 'upstream', upstreamFields, (u) => u.key),
  ];
}
