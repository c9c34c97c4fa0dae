// An upstream as the admin sees it (api-types UpstreamRow): settings and health, never its key;
// the URL is origin and path prefix only (URL credentials are not part of an origin).
import type { UpstreamConfig } from '../../config/types.js';
import type { UpstreamHealthSnapshot } from '../../routing/health-types.js';
import type { UpstreamRow } from './api-types.js';

/** The row for an upstream with its health snapshot (when the tracker has one). */
export function upstreamRow(u: UpstreamConfig, health: UpstreamHealthSnapshot | undefined): UpstreamRow {
  return {
    id: u.id,
    name: u.name,
    url: u.origin + u.pathPrefix,
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
    ttfbEwmaMs: null,
    lastError: health?.lastError ?? null,
    lastSuccessAtMs: health?.lastSuccessAtMs ?? null,
    attemptsTotal: health?.attemptsTotal ?? 0,
    failuresTotal: health?.failuresTotal ?? 0,
  };
}
