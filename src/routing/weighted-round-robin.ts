// weighted_round_robin: nginx's smooth weighted round-robin, which spreads a heavy upstream's turns
// out (5,1,1 gives a a b a c a a) instead of sending it bursts. See nginx
// src/http/ngx_http_upstream_round_robin.c, ngx_http_upstream_get_peer().
import { type Balancer, takingTraffic } from './balancer-types.js';

/** Creates a smooth weighted round-robin balancer (weight 0 = drained, never picked). */
export function createWeightedRoundRobin(): Balancer {
  // Current weights by upstream id. Upstreams absent from a pick (cooling, already tried) keep
  // theirs, exactly as nginx skips peers that are down or tried.
  const current = new Map<string, number>();
  return {
    pick(candidates) {
      const live = takingTraffic(candidates);
      let total = 0;
      let best: (typeof live)[number] | undefined;
      let bestCurrent = -Infinity;
      for (const c of live) {
        const value = (current.get(c.id) ?? 0) + c.weight;
        current.set(c.id, value);
        total += c.weight;
        // Strictly greater: ties go to the earlier candidate, as in nginx.
        if (value > bestCurrent) {
          best = c;
          bestCurrent = value;
        }
      }
      if (best) current.set(best.id, bestCurrent - total);
      return best;
    },
  };
}
