// How /health shows one upstream: the tracker's snapshot with every time as an ISO string, built
// field by field so nothing the snapshot may gain later (let alone a key or URL) shows unasked.
import type { CooldownReason, UpstreamHealthSnapshot } from '../routing/health-types.js';

/** One upstream in the /health document. */
export interface UpstreamHealthView {
  id: string;
  name: string;
  state: UpstreamHealthSnapshot['state'];
  enabled: boolean;
  weight: number;
  priority: number;
  /** ISO time the cooldown ends, when cooling. */
  coolingUntil: string | null;
  cooldownRemainingMs: number | null;
  /** Why it is cooling: the failure reason that put it there. */
  cooldownReason: CooldownReason | null;
  inFlight: number;
  /** Failed share of the last `errorWindowOutcomes` outcomes (0..1), null before the first. */
  errorRate: number | null;
  errorWindowOutcomes: number;
  latencyEwmaMs: number | null;
  consecutiveFailures: number;
  lastError: { reason: CooldownReason; status: number | null; at: string } | null;
  lastSuccessAt: string | null;
  attemptsTotal: number;
  failuresTotal: number;
}

function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The /health view of a snapshot. */
export function upstreamHealthView(s: UpstreamHealthSnapshot): UpstreamHealthView {
  return {
    id: s.id,
    name: s.name,
    state: s.state,
    enabled: s.enabled,
    weight: s.weight,
    priority: s.priority,
    coolingUntil: iso(s.coolingUntilMs),
    cooldownRemainingMs: s.cooldownRemainingMs,
    cooldownReason: s.cooldownReason,
    inFlight: s.inFlight,
    errorRate: s.errorRate,
    errorWindowOutcomes: s.errorWindowOutcomes,
    latencyEwmaMs: s.latencyEwmaMs,
    consecutiveFailures: s.consecutiveFailures,
    lastError: s.lastError && { reason: s.lastError.reason, status: s.lastError.status, at: iso(s.lastError.atMs) },
    lastSuccessAt: iso(s.lastSuccessAtMs),
    attemptsTotal: s.attemptsTotal,
    failuresTotal: s.failuresTotal,
  };
}
