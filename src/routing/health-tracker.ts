// Passive and active health of every upstream: outcomes and probes put an upstream into cooldown
// (exponential backoff, a 429's retry-after, or a long pause for a rejected key) and take it out
// again. Keyed by upstream id and meant to outlive a config reload (router.ts).
import type { UpstreamConfig } from '../config/types.js';
import { type Clock, systemClock } from '../domain/clock.js';
import { DEFAULT_HEALTH_POLICY, type FailureEffect, type HealthPolicy, accountCooldownMs, backoffMs, failureEffect, rateLimitCooldownMs } from './health-policy.js';
import type { Cooldown, CooldownReason, ProbeVerdict, UpstreamEventListener, UpstreamHealthSnapshot, UpstreamEvent } from './health-types.js';
import type { Outcome } from './types.js';
import { UpstreamHealth } from './upstream-health.js';

/** Options of a tracker; everything has a default. */
export interface HealthTrackerOptions {
  clock?: Clock;
  onEvent?: UpstreamEventListener;
  policy?: Partial<HealthPolicy>;
}

/** Holds one attempt's place in the in-flight count; release() is idempotent. */
export interface InFlightTicket {
  release(): void;
}

/** A failure as the tracker applies it. */
interface Failure {
  effect: Exclude<FailureEffect, 'none'>;
  reason: CooldownReason;
  status: number | undefined;
  retryAfterMs: number | undefined;
  startedAtMs: number;
}

const NO_TICKET: InFlightTicket = { release() {} };

/** Health of every configured upstream. */
export class HealthTracker {
  readonly policy: HealthPolicy;
  readonly clock: Clock;
  #entries = new Map<string, UpstreamHealth>();
  #listener: UpstreamEventListener | undefined;

  constructor(options: HealthTrackerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.policy = { ...DEFAULT_HEALTH_POLICY, ...options.policy };
    this.#listener = options.onEvent;
  }

  /** Replaces the event listener (one slot, so re-wiring after a reload never logs twice). */
  setListener(listener: UpstreamEventListener | undefined): void {
    this.#listener = listener;
  }

  /**
   * Aligns the records with a config: new ids start healthy, removed ids are forgotten, and an
   * id whose origin, path or key changed starts over (a fixed key must not wait out the old one's
   * cooldown). Everything else, cooldowns included, carries over.
   */
  sync(upstreams: readonly UpstreamConfig[]): void {
    const next = new Map<string, UpstreamHealth>();
    for (const upstream of upstreams) {
      let entry = this.#entries.get(upstream.id);
      if (!entry) entry = new UpstreamHealth(upstream.id, upstream, this.policy);
      else if (!entry.sameEndpoint(upstream)) entry.resetFor(upstream);
      entry.describe(upstream);
      next.set(upstream.id, entry);
    }
    this.#entries = next;
  }

  /** Counts an attempt in flight until the ticket is released. */
  begin(upstreamId: string): InFlightTicket {
    const entry = this.#entries.get(upstreamId);
    if (!entry) return NO_TICKET;
    entry.inFlight++;
    let held = true;
    // The ticket keeps its own record, so a release after a reload that removed or replaced the
    // upstream can never push any count below zero.
    return {
      release() {
        if (!held) return;
        held = false;
        entry.inFlight = Math.max(0, entry.inFlight - 1);
      },
    };
  }

  /** Attempts in flight to an upstream. */
  inFlight(upstreamId: string): number {
    return this.#entries.get(upstreamId)?.inFlight ?? 0;
  }

  /** The cooldown in force now, if the upstream is cooling down. */
  cooldownOf(upstreamId: string): Cooldown | undefined {
    return this.#entries.get(upstreamId)?.activeCooldown(this.clock.now());
  }

  /** Applies an attempt's outcome. `startedAtMs` is when the attempt began. */
  record(upstream: UpstreamConfig, outcome: Outcome, startedAtMs: number): void {
    const entry = this.#entryFor(upstream);
    if (!entry) return;
    if (outcome.kind === 'success') {
      entry.attemptsTotal++;
      this.#succeed(entry, startedAtMs, 'success');
      entry.window.push(false);
      entry.addLatency(outcome.latencyMs);
      return;
    }
    const effect = failureEffect(outcome.reason);
    // A client that went away says nothing about the upstream; a 4xx says it answered properly.
    if (outcome.reason === 'client_aborted') return;
    entry.attemptsTotal++;
    entry.window.push(effect !== 'none');
    if (effect === 'none') return;
    entry.failuresTotal++;
    this.#fail(entry, { effect, reason: outcome.reason, status: outcome.status, retryAfterMs: outcome.kind === 'retryable' ? outcome.retryAfterMs : undefined, startedAtMs });
  }

  /** Applies an active probe's verdict. Probes do not count in error rate or latency. */
  recordProbe(upstream: UpstreamConfig, verdict: ProbeVerdict, startedAtMs: number, status?: number): void {
    const entry = this.#entryFor(upstream);
    if (!entry) return;
    switch (verdict) {
      case 'alive':
        // A 429's retry-after is the upstream's own word on when to come back, and a spent
        // balance or quota does not come back because the model list answers: a probe of
        // another endpoint answering overrules neither. The backoff step is kept: only a real
        // request succeeding proves requests work again.
        if (entry.cooldown?.reason !== 'rate_limited' && entry.cooldown?.reason !== 'account_refused') this.#recover(entry, startedAtMs, 'probe');
        return;
      case 'rate_limited':
        return;
      case 'down':
        this.#fail(entry, { effect: 'backoff', reason: 'probe_failed', status, retryAfterMs: undefined, startedAtMs });
        return;
      case 'auth_rejected':
        this.#fail(entry, { effect: 'auth', reason: 'auth_rejected', status, retryAfterMs: undefined, startedAtMs });
        return;
      default: {
        const unknown: never = verdict;
        throw new Error(`Unknown probe verdict: ${String(unknown)}`);
      }
    }
  }

  /** Key-free state of every upstream, in config order, for /health and metrics. */
  snapshot(): UpstreamHealthSnapshot[] {
    const now = this.clock.now();
    return [...this.#entries.values()].map((e) => e.snapshot(now));
  }

  #entryFor(upstream: UpstreamConfig): UpstreamHealth | undefined {
    const entry = this.#entries.get(upstream.id);
    // An attempt begun under an older config may report on an id that now names another machine.
    return entry?.sameEndpoint(upstream) ? entry : undefined;
  }

  #succeed(entry: UpstreamHealth, startedAtMs: number, via: 'success' | 'probe'): void {
    entry.lastSuccessAtMs = this.clock.now();
    // An attempt begun before the last failure proves nothing about the upstream since then.
    if (startedAtMs < entry.lastFailureAtMs) return;
    entry.consecutiveFailures = 0;
    entry.backoffLevel = 0;
    this.#recover(entry, startedAtMs, via);
  }

  #recover(entry: UpstreamHealth, startedAtMs: number, via: 'success' | 'probe'): void {
    if (!entry.cooldown || startedAtMs < entry.lastFailureAtMs) return;
    entry.cooldown = undefined;
    this.#emit({ type: 'recovered', upstreamId: entry.id, upstreamName: entry.name, via });
  }

  #fail(entry: UpstreamHealth, failure: Failure): void {
    const now = this.clock.now();
    // Failures of attempts already in flight when the upstream was marked are the same incident:
    // they may lengthen the cooldown but must not climb the backoff ladder once each.
    const fresh = failure.startedAtMs >= entry.lastFailureAtMs;
    if (fresh) entry.lastFailureAtMs = now;
    entry.consecutiveFailures++;
    entry.lastError = { reason: failure.reason, status: failure.status, atMs: now };
    const { cooldownMs, requestedCooldownMs } = this.#cooldownFor(entry, failure, fresh);
    const current = entry.activeCooldown(now);
    if (!fresh && current && current.untilMs >= now + cooldownMs) return;
    entry.cooldown = { untilMs: now + cooldownMs, sinceMs: now, reason: failure.reason };
    this.#emit(
      failure.effect === 'auth'
        ? { type: 'auth_rejected', upstreamId: entry.id, upstreamName: entry.name, status: failure.status, cooldownMs }
        : { type: 'cooling', upstreamId: entry.id, upstreamName: entry.name, reason: failure.reason, status: failure.status, cooldownMs, requestedCooldownMs, consecutiveFailures: entry.consecutiveFailures },
    );
  }

  #cooldownFor(entry: UpstreamHealth, failure: Failure, fresh: boolean): { cooldownMs: number; requestedCooldownMs: number | undefined } {
    switch (failure.effect) {
      case 'backoff':
        if (fresh || entry.backoffLevel === 0) entry.backoffLevel++;
        return { cooldownMs: backoffMs(entry.backoffLevel, this.policy), requestedCooldownMs: undefined };
      case 'rate_limit': {
        const cooldownMs = rateLimitCooldownMs(failure.retryAfterMs, this.policy);
        const asked = failure.retryAfterMs;
        return { cooldownMs, requestedCooldownMs: asked !== undefined && asked > cooldownMs ? asked : undefined };
      }
      case 'auth':
        return { cooldownMs: this.policy.authRejectedCooldownMs, requestedCooldownMs: undefined };
      case 'account': {
        const cooldownMs = accountCooldownMs(failure.retryAfterMs, this.policy);
        const asked = failure.retryAfterMs;
        return { cooldownMs, requestedCooldownMs: asked !== undefined && asked > cooldownMs ? asked : undefined };
      }
      default: {
        const unknown: never = failure.effect;
        throw new Error(`Unknown failure effect: ${String(unknown)}`);
      }
    }
  }

  #emit(event: UpstreamEvent): void {
    try {
      this.#listener?.(event);
    } catch {
      // A failing logger must not fail the request that reported the outcome.
    }
  }
}
