// One interface for every load-balancing strategy, and the one place a strategy name from the
// config becomes an implementation (an exhaustive switch, so a new strategy cannot be forgotten).
import type { Strategy } from '../config/types.js';
import { createLeastConnections } from './least-connections.js';
import { createRandom } from './random.js';
import { createRoundRobin } from './round-robin.js';
import { createWeightedRandom } from './weighted-random.js';
import { createWeightedRoundRobin } from './weighted-round-robin.js';

/** What a balancer sees of an upstream. */
export interface BalancerCandidate {
  readonly id: string;
  /** 0 = drained: takes no new traffic. */
  readonly weight: number;
  /** Attempts in flight on this gateway instance. */
  readonly inFlight: number;
}

/** Chooses one upstream among candidates routing already found usable. */
export interface Balancer {
  /** One of `candidates`, or undefined when none takes traffic (empty, or all drained). */
  pick<C extends BalancerCandidate>(candidates: readonly C[]): C | undefined;
}

/** What balancers may depend on: randomness is injected so tests are deterministic. */
export interface BalancerDeps {
  /** Uniform in [0, 1), like Math.random. */
  random: () => number;
}

/** The candidates that may take new traffic (weight > 0); drained ones never get picked. */
export function takingTraffic<C extends BalancerCandidate>(candidates: readonly C[]): C[] {
  return candidates.filter((c) => c.weight > 0);
}

/** Builds the balancer for a strategy name from the config. */
export function createBalancer(strategy: Strategy, deps: BalancerDeps): Balancer {
  switch (strategy) {
    case 'round_robin':
      return createRoundRobin();
    case 'weighted_round_robin':
      return createWeightedRoundRobin();
    case 'random':
      return createRandom(deps.random);
    case 'weighted_random':
      return createWeightedRandom(deps.random);
    case 'least_connections':
      return createLeastConnections();
    default: {
      const unknown: never = strategy;
      throw new Error(`Unknown balancing strategy: ${String(unknown)}`);
    }
  }
}
