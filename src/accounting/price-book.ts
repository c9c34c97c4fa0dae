// The price book: built-in rows from prices.json plus config overrides, looked up by model id.
// Order: override (most specific pattern) → built-in prefix (longest first) → family fallback (flagged)
// → unknown default (flagged, the highest list price of each kind, never $0).
import { matchesModelPattern } from '../domain/model-pattern.js';
import { detectModelFamily, matchesModelPrefix, normaliseModelId } from './model-id.js';
import { BUILTIN_PRICES } from './price-data.js';
import { parsePriceOverrides } from './price-overrides.js';
import type {
  BuiltinModel,
  BuiltinPrices,
  ModelFamily,
  ModelPrice,
  PriceLookup,
  PriceOverride,
  TokenRatesPico,
} from './price-types.js';

/** Prices models; built once per config, shared by every request. */
export interface PriceBook {
  lookup(model: string): PriceLookup;
  readonly builtins: readonly BuiltinModel[];
  /** Most specific first. */
  readonly overrides: readonly PriceOverride[];
  readonly familyFallbacks: ReadonlyMap<ModelFamily, BuiltinModel>;
  /** What a model with no override, no built-in row and no family word is charged. */
  readonly unknownFallback: ModelPrice;
}

/** Bound on the per-book lookup memo: model names come from clients, so the set is unbounded. */
const LOOKUP_CACHE_MAX_ENTRIES = 1_000;

function maxRates(a: TokenRatesPico, b: TokenRatesPico): TokenRatesPico {
  return {
    inputPico: Math.max(a.inputPico, b.inputPico),
    cacheWrite5mPico: Math.max(a.cacheWrite5mPico, b.cacheWrite5mPico),
    cacheWrite1hPico: Math.max(a.cacheWrite1hPico, b.cacheWrite1hPico),
    cacheReadPico: Math.max(a.cacheReadPico, b.cacheReadPico),
    outputPico: Math.max(a.outputPico, b.outputPico),
  };
}

/**
 * The unknown-model default: for each kind of token, the highest standard-speed rate of any built-in
 * row or tier. Taking the maximum per kind means no known model is ever cheaper on any component.
 */
export function highestListRates(models: readonly BuiltinModel[]): ModelPrice {
  let rates: TokenRatesPico = { inputPico: 0, cacheWrite5mPico: 0, cacheWrite1hPico: 0, cacheReadPico: 0, outputPico: 0 };
  for (const model of models) {
    rates = maxRates(rates, model.price.base);
    for (const tier of model.price.tiers) rates = maxRates(rates, tier.rates);
  }
  return { name: 'Unknown model (highest list rate of each kind)', base: rates, tiers: [], fast: undefined };
}

function findOverride(overrides: readonly PriceOverride[], raw: string, key: string): PriceOverride | undefined {
  return overrides.find((o) => matchesModelPattern(o.pattern, raw) || matchesModelPattern(o.pattern, key));
}

function resolve(book: Omit<PriceBook, 'lookup'>, prefixes: readonly [string, BuiltinModel][], model: string): PriceLookup {
  const { raw, key } = normaliseModelId(model);
  const override = findOverride(book.overrides, raw, key);
  if (override) return { price: override.price, source: 'override', matched: override.pattern };
  const exact = prefixes.find(([prefix]) => matchesModelPrefix(key, prefix));
  if (exact) return { price: exact[1].price, source: 'exact', matched: exact[0] };
  const family = detectModelFamily(key);
  const fallback = family === undefined ? undefined : book.familyFallbacks.get(family);
  if (family !== undefined && fallback) return { price: fallback.price, source: 'family_fallback', matched: family };
  return { price: book.unknownFallback, source: 'unknown_fallback', matched: '*' };
}

/**
 * Builds a price book from config overrides (`GatewayConfig.pricingOverrides`, see price-overrides.ts
 * for the format). Throws an Error naming the key and field of the first invalid override.
 */
export function createPriceBook(
  overrides: Readonly<Record<string, Record<string, unknown>>> = {},
  builtin: BuiltinPrices = BUILTIN_PRICES,
): PriceBook {
  const data: Omit<PriceBook, 'lookup'> = {
    builtins: builtin.models,
    overrides: parsePriceOverrides(overrides),
    familyFallbacks: builtin.familyFallbacks,
    unknownFallback: highestListRates(builtin.models),
  };
  // Longest prefix first, so claude-opus-4-1 wins over claude-opus-4.
  const prefixes = builtin.models
    .flatMap((m) => m.prefixes.map((p): [string, BuiltinModel] => [p, m]))
    .sort((a, b) => b[0].length - a[0].length);
  const cache = new Map<string, PriceLookup>();
  return {
    ...data,
    lookup(model: string): PriceLookup {
      let found = cache.get(model);
      if (!found) {
        found = resolve(data, prefixes, model);
        if (cache.size >= LOOKUP_CACHE_MAX_ENTRIES) cache.clear();
        cache.set(model, found);
      }
      return found;
    },
  };
}
