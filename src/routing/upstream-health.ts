// The health record of one upstream: its cooldown, failure streak and recent statistics. The
// tracker decides what an outcome means; this file only holds the numbers and renders them.
import type { UpstreamConfig } from '../config/types.js';
import type { HealthPolicy } from './health-policy.js';
import type { Cooldown, CooldownReason, UpstreamHealthSnapshot } from './health-types.js';
import { OutcomeWindow } from './outcome-window.js';

/** The parts of an upstream that make it the same machine with the same key. */
type Endpoint = Pick<UpstreamConfig, 'origin' | 'pathPrefix' | 'key' | 'authHeader'>;

/** Mutable health state of one upstream id. */
export class UpstreamHealth {
  name = '';
  weight = 0;
  priority = 0;
  enabled = true;
  inFlight = 0;
  cooldown: Cooldown | undefined;
  /** Consecutive backoff failures since the last success: picks the next backoff step. */
  backoffLevel = 0;
  consecutiveFailures = 0;
  /** When the last failure that counted was seen; outcomes of attempts begun earlier are stale. */
  lastFailureAtMs = -Infinity;
  lastError: { reason: CooldownReason; status: number | undefined; atMs: number } | undefined;
  lastSuccessAtMs: number | undefined;
  latencyEwmaMs: number | undefined;
  attemptsTotal = 0;
  failuresTotal = 0;
  window: OutcomeWindow;
  #endpoint: Endpoint;

  constructor(
    readonly id: string,
    upstream: UpstreamConfig,
    private readonly policy: HealthPolicy,
  ) {
    this.#endpoint = endpointOf(upstream);
    this.window = new OutcomeWindow(policy.errorWindowOutcomes);
    this.describe(upstream);
  }

  /** Takes the descriptive fields of a (re)loaded config. */
  describe(upstream: UpstreamConfig): void {
    this.name = upstream.name;
    this.weight = upstream.weight;
    this.priority = upstream.priority;
    this.enabled = upstream.enabled;
  }

  /** True when `upstream` is the machine and key this record is about. */
  sameEndpoint(upstream: UpstreamConfig): boolean {
    const e = this.#endpoint;
    return e.origin === upstream.origin && e.pathPrefix === upstream.pathPrefix && e.key === upstream.key && e.authHeader === upstream.authHeader;
  }

  /** Forgets everything learnt about the old endpoint, keeping the in-flight count (those attempts still end here). */
  resetFor(upstream: UpstreamConfig): void {
    this.#endpoint = endpointOf(upstream);
    this.cooldown = undefined;
    this.backoffLevel = 0;
    this.consecutiveFailures = 0;
    this.lastFailureAtMs = -Infinity;
    this.lastError = undefined;
    this.lastSuccessAtMs = undefined;
    this.latencyEwmaMs = undefined;
    this.window = new OutcomeWindow(this.policy.errorWindowOutcomes);
  }

  /** The cooldown in force at `nowMs`, if any. */
  activeCooldown(nowMs: number): Cooldown | undefined {
    return this.cooldown && this.cooldown.untilMs > nowMs ? this.cooldown : undefined;
  }

  /** Folds a successful attempt's latency into the moving average. */
  addLatency(latencyMs: number): void {
    const alpha = this.policy.latencyEwmaAlpha;
    this.latencyEwmaMs = this.latencyEwmaMs === undefined ? latencyMs : alpha * latencyMs + (1 - alpha) * this.latencyEwmaMs;
  }

  /** Key-free view for /health and metrics. */
  snapshot(nowMs: number): UpstreamHealthSnapshot {
    const cooldown = this.activeCooldown(nowMs);
    return {
      id: this.id,
      name: this.name,
      enabled: this.enabled,
      weight: this.weight,
      priority: this.priority,
      state: !this.enabled ? 'disabled' : cooldown ? 'cooling' : 'healthy',
      coolingUntilMs: cooldown?.untilMs ?? null,
      cooldownRemainingMs: cooldown ? cooldown.untilMs - nowMs : null,
      cooldownReason: cooldown?.reason ?? null,
      inFlight: this.inFlight,
      consecutiveFailures: this.consecutiveFailures,
      errorRate: this.window.errorRate,
      errorWindowOutcomes: this.window.count,
      latencyEwmaMs: this.latencyEwmaMs === undefined ? null : Math.round(this.latencyEwmaMs),
      lastError: this.lastError ? { reason: this.lastError.reason, status: this.lastError.status ?? null, atMs: this.lastError.atMs } : null,
      lastSuccessAtMs: this.lastSuccessAtMs ?? null,
      attemptsTotal: this.attemptsTotal,
      failuresTotal: this.failuresTotal,
    };
  }
}

function endpointOf(u: UpstreamConfig): Endpoint {
  return { origin: u.origin, pathPrefix: u.pathPrefix, key: u.key, authHeader: u.authHeader };
}
