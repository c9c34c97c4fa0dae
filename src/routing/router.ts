// Builds the Router the proxy uses for one config generation. Health state and session bindings
// live in objects the app may carry into the next generation, so a reload forgets neither.
import type { GatewayConfig } from '../config/types.js';
import { type Clock, systemClock } from '../domain/clock.js';
import { createAttemptPlan } from './attempt-plan.js';
import { createBalancer } from './balancer.js';
import type { UpstreamEventListener } from './health-types.js';
import { HealthTracker } from './health-tracker.js';
import { SessionTable } from './session-table.js';
import type { Router } from './types.js';

export { upstreamModelFor } from './candidates.js';

/** Optional collaborators; pass the previous router's `tracker` and `sessions` on reload. */
export interface RouterDeps {
  clock?: Clock;
  /** Uniform in [0, 1); defaults to Math.random. */
  random?: () => number;
  /** Health of upstreams, keyed by id; re-synced with this config. */
  tracker?: HealthTracker;
  /** Session bindings; re-limited to this config's sizes. */
  sessions?: SessionTable;
  /** Upstream events (cooldowns, rejected keys, recoveries); set on the tracker, replacing its listener. */
  onUpstreamEvent?: UpstreamEventListener;
}

/** The router plus what /health, metrics and the next reload need. */
export interface GatewayRouter extends Router {
  readonly tracker: HealthTracker;
  readonly sessions: SessionTable;
}

/** Creates the router for one config generation. */
export function createRouter(config: GatewayConfig, deps: RouterDeps = {}): GatewayRouter {
  const clock = deps.clock ?? deps.tracker?.clock ?? systemClock;
  const tracker = deps.tracker ?? new HealthTracker({ clock, policy: { backoffBaseMs: config.routing.cooldownBaseMs } });
  if (deps.onUpstreamEvent) tracker.setListener(deps.onUpstreamEvent);
  tracker.sync(config.upstreams);
  const limits = { maxEntries: config.routing.sessions.maxEntries, idleTtlMs: config.routing.sessions.idleTtlMs };
  const sessions = deps.sessions ?? new SessionTable(limits, clock);
  if (deps.sessions) sessions.configure(limits);
  const balancer = createBalancer(config.routing.strategy, { random: deps.random ?? Math.random });
  return {
    tracker,
    sessions,
    plan: (req) => createAttemptPlan(req, { config, tracker, sessions, balancer, clock }),
  };
}
