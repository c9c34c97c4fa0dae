// weighted_random: picks an upstream with probability weight / sum of weights.
import { type Balancer, takingTraffic } from './balancer-types.js';

/** Creates a weighted random balancer over the injected source of randomness. */
export function createWeightedRandom(random: () => number): Balancer {
  return {
    pick(candidates) {
      const live = takingTraffic(candidates);
      if (live.length === 0) return undefined;
      let total = 0;
      for (const c of live) total += c.weight;
      let point = random() * total;
      for (const c of live) {
        point -= c.weight;
        if (point < 0) return c;
      }
      // Only reached through floating-point rounding when random() is (almost) 1.
      return live[live.length - 1];
    },
  };
}
