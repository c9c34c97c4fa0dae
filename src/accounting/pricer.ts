// The running price book behind the ledger's Pricer; replaced atomically when config changes.
import type { Usage } from '../domain/usage.js';
import type { Priced } from './ledger.js';
import { createPriceBook, type PriceBook } from './price-book.js';
import { priceUsage } from './price-usage.js';

export interface RunningPricer {
  current(model: string, usage: Usage, upstreamCostMultiplier: number, tenantPriceMultiplier: number): Priced;
  /** Swaps in a book built from new overrides; throws (keeping the old book) when they are invalid. */
  update(overrides: Record<string, Record<string, unknown>>): void;
  book(): PriceBook;
}

/** Creates the pricer from config overrides. */
export function createPricer(overrides: Record<string, Record<string, unknown>>): RunningPricer {
  let book = createPriceBook(overrides);
  return {
    current(model, usage, upstreamCostMultiplier, tenantPriceMultiplier) {
      const p = priceUsage(book, model, usage, { upstreamCostMultiplier, tenantPriceMultiplier });
      return { listCostNano: p.listCostNano, chargedCostNano: p.chargedCostNano, upstreamCostNano: p.upstreamCostNano, flagged: p.flagged };
    },
    update(next) {
      book = createPriceBook(next);
    },
    book: () => book,
  };
}
