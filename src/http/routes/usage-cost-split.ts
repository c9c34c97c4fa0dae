// The legacy API reports cost per kind of token, the ledger stores only whole-request costs. Each
// group's exact charged total is split over the kinds in proportion to what its tokens cost at
// the model's base list rates: the parts always add up to the ledger's total to the nano, and the
// split is exact whenever one rate set priced every request (no long-context tier, same speed).
import type { PriceBook } from '../../accounting/price-book.js';
import type { NanoUsd } from '../../domain/money.js';
import type { UsageTotals } from '../../storage/types.js';

/** The original CCGate's four kinds of cost. */
export const COST_KINDS = ['input', 'output', 'cacheCreation', 'cacheRead'] as const;
export type CostKind = (typeof COST_KINDS)[number];

/** One number per kind (weights, tokens or nano-USD). */
export type PerKind = Record<CostKind, number>;

/** Tokens of each kind in a sum of rows (cache writes of both lifetimes are "cache creation"). */
export function tokensPerKind(t: UsageTotals): PerKind {
  return { input: t.inputTokens, output: t.outputTokens, cacheCreation: t.cacheWrite5mTokens + t.cacheWrite1hTokens, cacheRead: t.cacheReadTokens };
}

/**
 * Splits `totalNano` in proportion to `weights`. Cumulative rounding keeps every part a
 * non-negative integer and makes them sum to the total exactly. All-zero weights put the whole
 * amount on input (a cost with no token cannot be attributed better).
 */
export function splitNano(totalNano: NanoUsd, weights: PerKind): PerKind {
  const sum = COST_KINDS.reduce((s, k) => s + Math.max(0, weights[k]), 0);
  const out: PerKind = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 };
  if (sum <= 0) {
    out.input = totalNano;
    return out;
  }
  let cumWeight = 0;
  let given = 0;
  for (const k of COST_KINDS) {
    cumWeight += Math.max(0, weights[k]);
    const upTo = k === 'cacheRead' ? totalNano : Math.round((totalNano * cumWeight) / sum);
    out[k] = upTo - given;
    given = upTo;
  }
  return out;
}

/** What a model's summed tokens cost per kind at its base list rates (used as weights). */
export function modelWeights(book: PriceBook, model: string, t: UsageTotals): PerKind {
  const r = book.lookup(model).price.base;
  return {
    input: t.inputTokens * r.inputPico,
    output: t.outputTokens * r.outputPico,
    cacheCreation: t.cacheWrite5mTokens * r.cacheWrite5mPico + t.cacheWrite1hTokens * r.cacheWrite1hPico,
    cacheRead: t.cacheReadTokens * r.cacheReadPico,
  };
}

/** Weights for a group without a model (an hour): its tokens at the day's average cost per token of each kind. */
export function averageRateWeights(t: UsageTotals, dayCost: PerKind, dayTokens: PerKind): PerKind {
  const tokens = tokensPerKind(t);
  const out: PerKind = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 };
  for (const k of COST_KINDS) out[k] = dayTokens[k] > 0 ? (tokens[k] * dayCost[k]) / dayTokens[k] : 0;
  return out;
}

/** Adds b into a, kind by kind. */
export function addPerKind(a: PerKind, b: PerKind): PerKind {
  return { input: a.input + b.input, output: a.output + b.output, cacheCreation: a.cacheCreation + b.cacheCreation, cacheRead: a.cacheRead + b.cacheRead };
}
