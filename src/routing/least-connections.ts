// least_connections: the upstream with the fewest attempts in flight on this instance. Ties (the
// usual case under light load) go through smooth weighted round-robin, so weights still decide
// the share of an idle pool and equal weights mean plain round-robin.
import { type Balancer, takingTraffic } from './balancer-types.js';
import { createWeightedRoundRobin } from './weighted-round-robin.js';

/** Creates a least-connections balancer. */
export function createLeastConnections(): Balancer {
  const tieBreak = createWeightedRoundRobin();
  return {
    pick(candidates) {
      const live = takingTraffic(candidates);
      let fewest = Infinity;
      for (const c of live) fewest = Math.min(fewest, c.inFlight);
      return tieBreak.pick(live.filter((c) => c.inFlight === fewest));
    },
  };
}
