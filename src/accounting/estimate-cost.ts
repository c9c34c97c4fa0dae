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

/** Input tokens a request body is estimated at for budget policies: UTF-8 bytes / 4 (see token-estimate.ts). */
export function estimatedInputTokens(bodyBytes: number): number {
  return Math.ceil(Math.max(0, bodyBytes) / 4);
}

/**
 * The worst case a `strict` or `clamp` budget admits a request by: its estimated input tokens,
 * priced as 5-minute cache writes (the dearest rate Claude Code's prompts commonly pay: 1.25× the
 * input price), plus `outputTokens` at the output price (fast mode when asked).
 */
export function worstCaseCostNano(price: Pricer, model: string, inputTokens: number, outputTokens: number, speed: string | undefined, tenantPriceMultiplier: number): number {
  const usage = { ...emptyUsage(), cacheCreationTokens: inputTokens, cacheWrite5mTokens: inputTokens, outputTokens: Math.max(0, Math.floor(outputTokens)) };
  if (speed) usage.speed = speed;
  return price(model, usage, 1, tenantPriceMultiplier).chargedCostNano;
}
