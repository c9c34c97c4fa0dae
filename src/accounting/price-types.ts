// Price book types. Prices are integer pico-USD per token (USD per MTok × 1e6) so that
// tokens × price is an exact integer and the only rounding is the one to whole nano-USD.

/** The five per-token rates of one price band, each in integer pico-USD (1e-12 USD) per token. */
export interface TokenRatesPico {
  inputPico: number;
  cacheWrite5mPico: number;
  cacheWrite1hPico: number;
  cacheReadPico: number;
  outputPico: number;
}

/** Rates that replace the base rates for every token of a request whose prompt exceeds the threshold. */
export interface PriceTier {
  /** Strictly greater than this many prompt tokens (input + cache writes + cache reads). */
  abovePromptTokens: number;
  rates: TokenRatesPico;
}

/** Everything needed to price one model. */
export interface ModelPrice {
  /** Display name, e.g. "Claude Opus 5 / 4.8". */
  name: string;
  base: TokenRatesPico;
  /** Ascending by threshold; empty for flat-priced models. */
  tiers: readonly PriceTier[];
  /** Rates when the usage reports `speed: "fast"`; undefined when the model has no fast mode. */
  fast: TokenRatesPico | undefined;
}

/** Model families that have a fallback price for ids the book does not know. */
export type ModelFamily = 'fable' | 'mythos' | 'opus' | 'sonnet' | 'haiku';

export const MODEL_FAMILIES: readonly ModelFamily[] = ['fable', 'mythos', 'opus', 'sonnet', 'haiku'];

/** How a model's price was found. */
export type PriceSource = 'exact' | 'override' | 'family_fallback' | 'unknown_fallback';

/** Result of looking a model up in the price book. */
export interface PriceLookup {
  price: ModelPrice;
  source: PriceSource;
  /** The built-in prefix, override pattern, family name, or `*` for the unknown default. */
  matched: string;
}

/** One row of the built-in price data. */
export interface BuiltinModel {
  id: string;
  /** Lower-case model id prefixes this row prices (see model-id.ts for the matching rule). */
  prefixes: readonly string[];
  price: ModelPrice;
}

/** The validated built-in price data. */
export interface BuiltinPrices {
  models: readonly BuiltinModel[];
  familyFallbacks: ReadonlyMap<ModelFamily, BuiltinModel>;
}

/** A validated price override from config, applied before the built-in rows. */
export interface PriceOverride {
  /** The config key: a model pattern with `*` wildcards, matched case-insensitively. */
  pattern: string;
  price: ModelPrice;
}
