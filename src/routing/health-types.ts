// What the health tracker tells the rest of the gateway: cooldowns for routing, events for the
// log, and a key-free snapshot for /health and metrics.
import type { FailureReason } from './types.js';

/** Why an upstream is cooling down: an attempt's failure, or a failed active probe. */
export type CooldownReason = FailureReason | 'probe_failed';

/** An upstream taken out of rotation until `untilMs`. */
export interface Cooldown {
  untilMs: number;
  /** When the cooldown was set: attempts begun before this prove nothing about recovery. */
  sinceMs: number;
  reason: CooldownReason;
}

/** What an active probe found (see health-prober.ts for how an answer is classified). */
export type ProbeVerdict = 'alive' | 'down' | 'rate_limited' | 'auth_rejected';

/** Something the app should log; `auth_rejected` deserves an error naming the upstream. */
export type UpstreamEvent =
  | {
      type: 'cooling';
      upstreamId: string;
      upstreamName: string;
      reason: CooldownReason;
      status: number | undefined;
      cooldownMs: number;
      /** Set when a retry-after asked for more than the cap: what it asked for. */
      requestedCooldownMs: number | undefined;
      consecutiveFailures: number;
    }
  | { type: 'auth_rejected'; upstreamId: string; upstreamName: string; status: number | undefined; cooldownMs: number }
  | { type: 'recovered'; upstreamId: string; upstreamName: string; via: 'success' | 'probe' };

/** Receives upstream events; it must not throw (a throw is swallowed so routing goes on). */
export type UpstreamEventListener = (event: UpstreamEvent) => void;

/** One upstream as /health and metrics show it. No key, no URL. */
export interface UpstreamHealthSnapshot {
  id: string;
  name: string;
  enabled: boolean;
  weight: number;
  priority: number;
  state: 'healthy' | 'cooling' | 'disabled';
  coolingUntilMs: number | null;
  cooldownRemainingMs: number | null;
  cooldownReason: CooldownReason | null;
  inFlight: number;
  consecutiveFailures: number;
  /** Failed share of the last outcomes (0..1); null before the first one. */
  errorRate: number | null;
  /** How many outcomes errorRate is computed from. */
  errorWindowOutcomes: number;
  /** Moving average of successful attempts' latency; null before the first success. */
  latencyEwmaMs: number | null;
  lastError: { reason: CooldownReason; status: number | null; atMs: number } | null;
  lastSuccessAtMs: number | null;
  attemptsTotal: number;
  failuresTotal: number;
}
