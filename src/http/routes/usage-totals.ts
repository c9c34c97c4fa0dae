// Arithmetic on the store's UsageTotals shared by the usage routes.
import type { UsageTotals } from '../../storage/types.js';

/** Totals of no request. */
export function emptyTotals(): UsageTotals {
  return { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, listCostNano: 0, chargedCostNano: 0, upstreamCostNano: 0 };
}

/**
 * Sum of groups. Totals are derived from one grouped read rather than queried again, so they
 * agree with their groups to the nano even while rows are being written.
 */
export function sumTotals(groups: readonly UsageTotals[]): UsageTotals {
  const out = emptyTotals();
  for (const g of groups) for (const k of Object.keys(out) as Array<keyof UsageTotals>) out[k] += g[k];
  return out;
}
