// Exact integer money arithmetic for pricing. BigInt keeps tokens × pico-USD exact at any size; each
// result is rounded once, half up, to whole nano-USD (all amounts here are ≥ 0, so half-up = floor(x + ½)).
import type { NanoUsd } from '../domain/money.js';

const PICO_PER_NANO = 1_000n;

/** Multipliers are read to 6 decimal places (0.3 → 300000 / 1e6) so scaling is exact integer math. */
const MULTIPLIER_SCALE = 1_000_000n;

/** tokens × pico-USD per token, in nano-USD rounded half up. */
export function tokensCostNano(tokens: number, picoPerToken: number): NanoUsd {
  const pico = BigInt(tokens) * BigInt(picoPerToken);
  return Number((pico + PICO_PER_NANO / 2n) / PICO_PER_NANO);
}

/**
 * nano × factor rounded half up, with the factor taken to 6 decimal places. Used for the upstream
 * cost multiplier (e.g. 0.3) and the tenant price multiplier (e.g. 1.2); throws on a negative or
 * non-finite factor, which config validation should already have refused.
 */
export function scaleNanoHalfUp(nano: NanoUsd, factor: number): NanoUsd {
  if (!Number.isFinite(factor) || factor < 0) throw new RangeError(`price multiplier must be a finite number ≥ 0 (got ${factor})`);
  const micro = BigInt(Math.round(factor * Number(MULTIPLIER_SCALE)));
  return Number((BigInt(nano) * micro + MULTIPLIER_SCALE / 2n) / MULTIPLIER_SCALE);
}
