// Builds Usage values for the accounting tests; every count not given is 0 and speed is absent.
import { emptyUsage, type Usage } from '../../../src/domain/usage.js';

/** A Usage with the given counts; `cacheCreationTokens` defaults to the 5m + 1h split. */
export function usage(counts: Partial<Usage>): Usage {
  const u: Usage = { ...emptyUsage(), ...counts };
  if (counts.cacheCreationTokens === undefined) u.cacheCreationTokens = u.cacheWrite5mTokens + u.cacheWrite1hTokens;
  return u;
}

/** The usage most golden cases share: 1000 input, 2000 5m writes, 3000 1h writes, 10000 reads, 500 output. */
export const STANDARD_USAGE: Usage = usage({
  inputTokens: 1000,
  cacheWrite5mTokens: 2000,
  cacheWrite1hTokens: 3000,
  cacheReadTokens: 10000,
  outputTokens: 500,
});

/** Multipliers of 1: list, charged and upstream cost are equal. */
export const AT_LIST = { upstreamCostMultiplier: 1, tenantPriceMultiplier: 1 } as const;
