// Usage → cost in integer nano-USD. Each of the five components is tokens × pico-USD per token,
// rounded once, half up, to whole nano; the list cost is their exact sum; the charged (tenant
// multiplier) and upstream (mirror's cost multiplier) costs scale the list cost, rounded once, half up.
import type { NanoUsd } from '../domain/money.js';
import type { Usage } from '../domain/usage.js';
import { splitCacheWrites } from './cache-write-split.js';
import { chooseRates, type RateBand } from './choose-rates.js';
import { scaleNanoHalfUp, tokensCostNano } from './exact-nano.js';
import type { PriceBook } from './price-book.js';
import type { PriceSource } from './price-types.js';

/** Multipliers of the request's upstream and tenant (UpstreamConfig.costMultiplier, TenantConfig.priceMultiplier). */
export interface PriceUsageOptions {
  upstreamCostMultiplier: number;
  tenantPriceMultiplier: number;
}

/** List-price cost of each kind of token. */
export interface CostBreakdownNano {
  inputNano: NanoUsd;
  cacheWrite5mNano: NanoUsd;
  cacheWrite1hNano: NanoUsd;
  cacheReadNano: NanoUsd;
  outputNano: NanoUsd;
}

/** Why a cost is flagged for the dashboard and logs. */
export type PriceFlag =
  | 'family_fallback' // model unknown, priced as its family's newest model
  | 'unknown_fallback' // model and family unknown, priced at the highest list rates
  | 'fast_unpriced' // usage says fast, the price has no fast rates: priced at standard rates
  | 'unknown_speed' // usage.speed is neither "standard" nor "fast": priced at standard rates
  | 'cache_split_exceeds_total'; // 5m + 1h writes > cache_creation_input_tokens: the split was priced

/** The cost of one request. */
export interface PricedUsage {
  /** At list price: what the tokens cost at the price book's rates. */
  listCostNano: NanoUsd;
  /** What the tenant is charged: list × tenant price multiplier. */
  chargedCostNano: NanoUsd;
  /** Estimated real cost of the upstream that served it: list × its cost multiplier. */
  upstreamCostNano: NanoUsd;
  breakdown: CostBreakdownNano;
  priceSource: PriceSource;
  /** The built-in prefix, override pattern, family, or `*` that priced the model. */
  matched: string;
  band: RateBand;
  flagged: boolean;
  flags: readonly PriceFlag[];
}

const COUNT_FIELDS = [
  'inputTokens',
  'outputTokens',
  'cacheCreationTokens',
  'cacheWrite5mTokens',
  'cacheWrite1hTokens',
  'cacheReadTokens',
] as const;

/** Token counts are non-negative integers by the Usage contract; anything else is a bug upstream of here. */
function assertValidCounts(usage: Usage): void {
  for (const field of COUNT_FIELDS) {
    const n = usage[field];
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`usage.${field} must be a non-negative integer (got ${n})`);
  }
}

/**
 * Prices one request's usage. The tier is chosen by the whole prompt (input + cache writes as priced
 * + cache reads) and applies to every token; `usage.speed === 'fast'` selects the model's fast rates.
 */
export function priceUsage(book: PriceBook, model: string, usage: Usage, opts: PriceUsageOptions): PricedUsage {
  assertValidCounts(usage);
  const { price, source, matched } = book.lookup(model);
  const writes = splitCacheWrites(usage);
  const promptTokens = usage.inputTokens + writes.write5mTokens + writes.write1hTokens + usage.cacheReadTokens;
  const chosen = chooseRates(price, promptTokens, usage.speed);
  const { rates } = chosen;
  const breakdown: CostBreakdownNano = {
    inputNano: tokensCostNano(usage.inputTokens, rates.inputPico),
    cacheWrite5mNano: tokensCostNano(writes.write5mTokens, rates.cacheWrite5mPico),
    cacheWrite1hNano: tokensCostNano(writes.write1hTokens, rates.cacheWrite1hPico),
    cacheReadNano: tokensCostNano(usage.cacheReadTokens, rates.cacheReadPico),
    outputNano: tokensCostNano(usage.outputTokens, rates.outputPico),
  };
  const listCostNano =
    breakdown.inputNano + breakdown.cacheWrite5mNano + breakdown.cacheWrite1hNano + breakdown.cacheReadNano + breakdown.outputNano;
  const flags: PriceFlag[] = [];
  if (source === 'family_fallback' || source === 'unknown_fallback') flags.push(source);
  if (chosen.speedIssue) flags.push(chosen.speedIssue);
  if (writes.splitExceedsTotal) flags.push('cache_split_exceeds_total');
  return {
    listCostNano,
    chargedCostNano: scaleNanoHalfUp(listCostNano, opts.tenantPriceMultiplier),
    upstreamCostNano: scaleNanoHalfUp(listCostNano, opts.upstreamCostMultiplier),
    breakdown,
    priceSource: source,
    matched,
    band: chosen.band,
    flagged: flags.length > 0,
    flags,
  };
}
