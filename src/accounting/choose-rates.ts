// Picks the one set of rates that prices every token of a request: fast mode when the usage says it
// ran fast (priced across the whole context window, so it wins over tiers), else the highest tier
// whose threshold the whole prompt exceeds, else the base rates.
import type { ModelPrice, PriceTier, TokenRatesPico } from './price-types.js';

/** Which rates priced the request. */
export type RateBand = 'base' | 'tier' | 'fast';

/** Speed trouble worth a flag: fast reported for a price with no fast rates, or a speed we do not know. */
export type SpeedIssue = 'fast_unpriced' | 'unknown_speed';

export interface ChosenRates {
  rates: TokenRatesPico;
  band: RateBand;
  /** Threshold of the tier used, when band is 'tier'. */
  abovePromptTokens: number | undefined;
  speedIssue: SpeedIssue | undefined;
}

/** Rates for a request of `promptTokens` prompt tokens at `speed` (usage.speed, undefined = standard). */
export function chooseRates(price: ModelPrice, promptTokens: number, speed: string | undefined): ChosenRates {
  if (speed === 'fast' && price.fast) {
    return { rates: price.fast, band: 'fast', abovePromptTokens: undefined, speedIssue: undefined };
  }
  const speedIssue: SpeedIssue | undefined =
    speed === 'fast' ? 'fast_unpriced' : speed === undefined || speed === 'standard' ? undefined : 'unknown_speed';
  // Tiers ascend, so the last one exceeded is the right one.
  let tier: PriceTier | undefined;
  for (const t of price.tiers) if (promptTokens > t.abovePromptTokens) tier = t;
  if (tier) return { rates: tier.rates, band: 'tier', abovePromptTokens: tier.abovePromptTokens, speedIssue };
  return { rates: price.base, band: 'base', abovePromptTokens: undefined, speedIssue };
}
