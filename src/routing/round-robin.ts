// round_robin: each usable upstream in turn, weights ignored except 0 (drained).
import { type Balancer, takingTraffic } from './balancer-types.js';

/** Creates a round-robin balancer; its turn counter is shared by every request of one router. */
export function createRoundRobin(): Balancer {
  let turn = 0;
  return {
    pick(candidates) {
      const live = takingTraffic(candidates);
      if (live.length === 0) return undefined;
      const chosen = live[turn % live.length];
      turn = (turn + 1) % Number.MAX_SAFE_INTEGER;
      return chosen;
    },
  };
}
