// An upstream as the admin sees it: its settings (URL without credentials, never its key), its
// health snapshot and the moving average of its time to first byte. Pure.
import type { UpstreamConfig } from '../../config/types.js';
import type { UpstreamHealthSnapshot } from '../../routing/health-types.js';
import type { UpstreamRow } from './api-types.js';

/** scheme://host[:port][/prefix] of an upstream (config URLs carry no userinfo once loaded). */
export function upstreamUrl(u: UpstreamConfig): string {
  return `${u.origin}${u.pathPrefix}`;
}

/** One row; `health` undefined for an upstream the tracker has not seen yet. */
export function upstreamRow(u: UpstreamConfig, health: UpstreamHealthSnapshot | undefined, ttfbEwmaMs: number | null): UpstreamRow {
  return {
    id: u.id,
    name: u.name,
    url: upstreamUrl(u),
    enabled: u.enabled,
    weight: u.weight,
    priority: u.priority,
    note: u.description ?? '',
    state: health?.state ?? (u.enabled ? 'healthy' : 'disabled'),
    cooldownReason: health?.cooldownReason ?? null,
    cooldownRemainingMs: health?.cooldownRemainingMs ?? null,
    inFlight: health?.inFlight ?? 0,
    errorRate: health?.errorRate ?? null,
    latencyEwmaMs: health?.latencyEwmaMs ?? null,
    ttfbEwmaMs,
    lastError: health?.lastError ?? null,
    lastSuccessAtMs: health?.lastSuccessAtMs ?? null,
    attemptsTotal: health?.attemptsTotal ?? 0,
    failuresTotal: health?.failuresTotal ?? 0,
  };
}

/** Rows of every configured upstream, in config order. */
export function upstreamRows(upstreams: readonly UpstreamConfig[], snapshot: readonly UpstreamHealthSnapshot[], ttfb: (id: string) => number | null): UpstreamRow[] {
  const byId = new Map(snapshot.map((s) => [s.id, s]));
  return upstreams.map((u) => upstreamRow(u, byId.get(u.id), ttfb(u.id)));
}
