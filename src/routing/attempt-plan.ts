// The attempts of one request: the session's upstream if it is still fit, else the balancer's pick
// from the best priority tier that has a usable upstream, never the same upstream twice, within
// maxAttempts and the failover deadline; when everything is cooling down, one last-resort attempt
// at whichever recovers soonest ("panic mode") before giving up with a retry-after.
import type { GatewayConfig } from '../config/types.js';
import type { Clock } from '../domain/clock.js';
import { GatewayError } from '../domain/errors.js';
import type { Balancer } from './balancer-types.js';
import { type RouteCandidate, servingCandidates } from './candidates.js';
import type { HealthTracker, InFlightTicket } from './health-tracker.js';
import { bindingKey } from './session-key.js';
import type { SessionTable } from './session-table.js';
import type { Attempt, AttemptPlan, AttemptVia, Outcome, RouteRequest } from './types.js';
import { unavailableError } from './unavailable-error.js';

/** What a plan needs from its router. */
export interface PlanContext {
  config: GatewayConfig;
  tracker: HealthTracker;
  sessions: SessionTable;
  balancer: Balancer;
  clock: Clock;
}

interface Choice {
  candidate: RouteCandidate;
  via: AttemptVia;
}

/** Creates the plan of one request. */
export function createAttemptPlan(req: RouteRequest, ctx: PlanContext): AttemptPlan {
  return new RoutedPlan(req, ctx);
}

class RoutedPlan implements AttemptPlan {
  readonly #serving: RouteCandidate[];
  /** Serving and not drained (weight > 0): the only ones that take new traffic. */
  readonly #live: RouteCandidate[];
  readonly #bindingKey: string | undefined;
  readonly #startedAtMs: number;
  readonly #tried = new Set<string>();
  readonly #running = new Map<string, { ticket: InFlightTicket; startedAtMs: number }>();
  readonly #ended = new Set<string>();
  #panicked = false;

  constructor(
    private readonly req: RouteRequest,
    private readonly ctx: PlanContext,
  ) {
    this.#serving = req.anyUpstream ? ctx.config.upstreams.filter((u) => u.enabled).map((upstream) => ({ upstream, upstreamModel: req.model })) : servingCandidates(ctx.config.upstreams, req.model);
    this.#live = this.#serving.filter((c) => c.upstream.weight > 0);
    const session = ctx.config.routing.sessions.enabled ? req.sessionKey : undefined;
    this.#bindingKey = session === undefined ? undefined : bindingKey(req.tenantId, session, req.model);
    this.#startedAtMs = ctx.clock.now();
  }

  next(): Attempt | GatewayError {
    const refusal = this.#refusal();
    if (refusal) return refusal;
    const choice = this.#sticky() ?? this.#balanced() ?? this.#panic();
    if (!choice) {
      const n = this.#tried.size;
      return this.#unavailable(n === 0 ? 'no upstream is usable' : `${n} attempt(s) failed and no other upstream is left`);
    }
    const { upstream, upstreamModel } = choice.candidate;
    this.#tried.add(upstream.id);
    return { upstream, upstreamModel, via: choice.via };
  }

  begin(attempt: Attempt): void {
    const id = attempt.upstream.id;
    if (this.#running.has(id) || this.#ended.has(id)) return;
    this.#running.set(id, { ticket: this.ctx.tracker.begin(id), startedAtMs: this.ctx.clock.now() });
  }

  end(attempt: Attempt, outcome: Outcome): void {
    const id = attempt.upstream.id;
    if (this.#ended.has(id)) return;
    this.#ended.add(id);
    const running = this.#running.get(id);
    this.#running.delete(id);
    running?.ticket.release();
    const startedAtMs = running?.startedAtMs ?? this.ctx.clock.now() - outcome.latencyMs;
    this.ctx.tracker.record(attempt.upstream, outcome, startedAtMs);
    // The session follows the upstream that actually answered, so its prompt cache is there.
    if (outcome.kind === 'success' && this.#bindingKey !== undefined) this.ctx.sessions.set(this.#bindingKey, id);
  }

  /** Why no further attempt may be made at all, checked before choosing. */
  #refusal(): GatewayError | undefined {
    const { config, clock } = this.ctx;
    const model = this.req.model;
    if (config.upstreams.length === 0) return new GatewayError('no_upstream', 'No upstream is configured: add one to config/upstreams.json');
    if (this.#serving.length === 0) return new GatewayError('no_upstream', `No enabled upstream serves model ${model}`);
    if (this.#live.length === 0) return new GatewayError('no_upstream', `Every enabled upstream serving model ${model} is drained (weight 0)`);
    const n = this.#tried.size;
    const maxAttempts = config.routing.failoverEnabled ? config.routing.maxAttempts : 1;
    if (n >= maxAttempts) return this.#unavailable(`${n} attempt(s) failed`);
    const deadlineMs = config.routing.failoverDeadlineMs;
    if (n > 0 && clock.now() - this.#startedAtMs >= deadlineMs) return this.#unavailable(`failover deadline of ${deadlineMs}ms passed after ${n} attempt(s)`);
    if (this.#panicked) return this.#unavailable('the last-resort attempt failed too');
    return undefined;
  }

  /** The session's bound upstream, while it still serves the model, is not cooling down and no better tier is usable. */
  #sticky(): Choice | undefined {
    const key = this.#bindingKey;
    if (key === undefined || this.#tried.size > 0) return undefined;
    const boundId = this.ctx.sessions.get(key);
    if (boundId === undefined) return undefined;
    // Drained (weight 0) upstreams keep their sessions: draining stops new traffic only.
    const candidate = this.#serving.find((c) => c.upstream.id === boundId);
    const fit = candidate !== undefined && !this.ctx.tracker.cooldownOf(boundId) && candidate.upstream.priority <= this.#bestTier(this.#usable());
    if (fit) return { candidate, via: 'sticky' };
    this.ctx.sessions.delete(key);
    return undefined;
  }

  /** The balancer's pick among the usable upstreams of the best (lowest-number) priority tier. */
  #balanced(): Choice | undefined {
    const usable = this.#usable();
    const tier = this.#bestTier(usable);
    const offered = usable
      .filter((c) => c.upstream.priority === tier)
      .map((candidate) => ({ id: candidate.upstream.id, weight: candidate.upstream.weight, inFlight: this.ctx.tracker.inFlight(candidate.upstream.id), candidate }));
    const picked = this.ctx.balancer.pick(offered);
    return picked && { candidate: picked.candidate, via: 'balancer' };
  }

  /**
   * Every remaining upstream is cooling down: rather than refuse outright, try the one that
   * recovers soonest, once. Upstreams whose key was rejected or whose account is out of balance
   * are left out: they would refuse again, and their 401/403 would reach the client looking like
   * its own key's fault.
   */
  #panic(): Choice | undefined {
    if (this.#panicked) return undefined;
    let best: { candidate: RouteCandidate; untilMs: number } | undefined;
    for (const candidate of this.#live) {
      if (this.#tried.has(candidate.upstream.id)) continue;
      const cooldown = this.ctx.tracker.cooldownOf(candidate.upstream.id);
      if (!cooldown || cooldown.reason === 'auth_rejected' || cooldown.reason === 'account_refused') continue;
      const better = !best || cooldown.untilMs < best.untilMs || (cooldown.untilMs === best.untilMs && candidate.upstream.priority < best.candidate.upstream.priority);
      if (better) best = { candidate, untilMs: cooldown.untilMs };
    }
    if (!best) return undefined;
    this.#panicked = true;
    return { candidate: best.candidate, via: 'panic' };
  }

  /** Live, not yet tried in this request, not cooling down. */
  #usable(): RouteCandidate[] {
    return this.#live.filter((c) => !this.#tried.has(c.upstream.id) && !this.ctx.tracker.cooldownOf(c.upstream.id));
  }

  #bestTier(usable: readonly RouteCandidate[]): number {
    let tier = Infinity;
    for (const c of usable) tier = Math.min(tier, c.upstream.priority);
    return tier;
  }

  #unavailable(detail: string): GatewayError {
    const cooldowns = this.#live.map((c) => this.ctx.tracker.cooldownOf(c.upstream.id));
    return unavailableError(this.req.model, detail, cooldowns, this.ctx.clock.now());
  }
}
