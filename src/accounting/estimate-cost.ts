// The budget hold of a request before it runs: an upper bound of what it can cost. Every input
// token is at least one byte of the request body, so body bytes priced at the dearest input rate
// (1-hour cache write) plus max_tokens at the output rate (and fast mode when asked) bound the
// real charge, for text prompts (server-side tools that add input tokens are the exception).
import { emptyUsage } from '../domain/usage.js';
import type { Pricer } from './ledger.js';

/** Upper-bound charge in nano-USD for a request of `bodyBytes` with `maxTokens` output. */
export function estimateCostNano(price: Pricer, model: string, bodyBytes: number, maxTokens: number, speed: string | undefined, tenantPriceMultiplier: number): number {
  const usage = { ...emptyUsage(), cacheCreationTokens: bodyBytes, cacheWrite1hTokens: bodyBytes, outputTokens: Math.max(0, Math.floor(maxTokens)) };
  if (speed) usage.speed = speed;
  return price(model, usage, 1, tenantPriceMultiplier).chargedCostNano;
}
