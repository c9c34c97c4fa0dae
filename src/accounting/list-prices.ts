// Rows for the `ccgate prices` table: every price the book can charge, in USD per MTok, in the order
// lookup tries them (overrides, built-in rows, family fallbacks, the unknown default).
import type { PriceBook } from './price-book.js';
import type { ModelPrice } from './price-types.js';
import { ratesToUsdPerMTok, type PriceField } from './token-rates.js';

/** Where a listed price comes from. */
export type ListedPriceSource = 'builtin' | 'override' | 'family_fallback' | 'unknown_fallback';

/** One table row: a price band of one model pattern, each rate in USD per million tokens. */
export interface ListedPrice {
  /** Override pattern, comma-separated built-in prefixes, `*family*`, or `*`. */
  pattern: string;
  name: string;
  /** When the row applies: '' for standard, `prompt > N tokens` for a tier, `speed fast` for fast mode. */
  condition: string;
  usdPerMTok: Record<PriceField, number>;
  source: ListedPriceSource;
}

function bands(pattern: string, price: ModelPrice, source: ListedPriceSource): ListedPrice[] {
  const rows: ListedPrice[] = [{ pattern, name: price.name, condition: '', usdPerMTok: ratesToUsdPerMTok(price.base), source }];
  for (const tier of price.tiers) {
    const condition = `prompt > ${tier.abovePromptTokens} tokens`;
    rows.push({ pattern, name: price.name, condition, usdPerMTok: ratesToUsdPerMTok(tier.rates), source });
  }
  if (price.fast) {
    rows.push({ pattern, name: price.name, condition: 'speed fast', usdPerMTok: ratesToUsdPerMTok(price.fast), source });
  }
  return rows;
}

/** Every price band the book holds, in lookup order. */
export function listPrices(book: PriceBook): ListedPrice[] {
  return [
    ...book.overrides.flatMap((o) => bands(o.pattern, o.price, 'override')),
    ...book.builtins.flatMap((m) => bands(m.prefixes.join(', '), m.price, 'builtin')),
    ...[...book.familyFallbacks].flatMap(([family, m]) => bands(`*${family}*`, m.price, 'family_fallback')),
    ...bands('*', book.unknownFallback, 'unknown_fallback'),
  ];
}
