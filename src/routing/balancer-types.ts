// The interface every load-balancing strategy implements, and what they share: a leaf module, so
// the strategies and the factory that chooses among them (balancer.ts) import it without a cycle.

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
