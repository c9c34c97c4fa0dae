// The one place a strategy name from the config becomes a load-balancing strategy (an exhaustive
// switch, so a new strategy cannot be forgotten). The interface they share is in balancer-types.ts.
import type { Strategy } from '../config/types.js';
import type { Balancer, BalancerDeps } from './balancer-types.js';
import { createLeastConnections } from './least-connections.js';
import { createRandom } from './random.js';
import { createRoundRobin } from './round-robin.js';
import { createWeightedRandom } from './weighted-random.js';
import { createWeightedRoundRobin } from './weighted-round-robin.js';

// The types live in a leaf module; they are named here too for callers of the factory.
export type { Balancer, BalancerCandidate, BalancerDeps } from './balancer-types.js';

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
