// Money is integer nano-USD (1e-9 USD) so sums are exact; a JS number holds up to ~9e6 USD exactly.

/** Integer nano-USD. */
export type NanoUsd = number;

export const NANO_PER_USD = 1_000_000_000;

/** Converts a USD amount (e.g. a config limit) to integer nano-USD, rounding to the nearest nano. */
export function usdToNano(usd: number): NanoUsd {
  return Math.round(usd * NANO_PER_USD);
}

/** Converts nano-USD to a USD number for display and the legacy API. */
export function nanoToUsd(nano: NanoUsd): number {
  return nano / NANO_PER_USD;
}
