// random: a uniform pick among usable upstreams, weights ignored except 0 (drained).
import { type Balancer, takingTraffic } from './balancer-types.js';

/** Creates a uniform random balancer over the injected source of randomness. */
export function createRandom(random: () => number): Balancer {
  return {
    pick(candidates) {
      const live = takingTraffic(candidates);
      if (live.length === 0) return undefined;
      // min() guards a source that returns exactly 1.
      return live[Math.min(live.length - 1, Math.floor(random() * live.length))];
    },
  };
}
