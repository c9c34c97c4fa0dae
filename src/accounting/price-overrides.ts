// Validates `pricing.overrides` from config. Each key is a model pattern (`*` wildcards, case-insensitive);
// each value states a complete price in USD per million tokens:
//   { "input": 3, "cacheWrite5m": 3.75, "cacheWrite1h": 6, "cacheRead": 0.3, "output": 15,
//     "fast": { ...the same five fields, optional: rates when usage reports speed "fast" } }
// All five fields are required: an override replaces the built-in price (tiers and fast rates included),
// so nothing is filled in by guessing. An invalid override throws an Error naming the key and field.
import type { PriceOverride } from './price-types.js';
import { isRecord, parseTokenRates } from './token-rates.js';

/** Literal (non-`*`) characters: the more a pattern pins down, the more specific it is. */
function literalLength(pattern: string): number {
  return pattern.replaceAll('*', '').length;
}

function wildcardCount(pattern: string): number {
  return pattern.length - literalLength(pattern);
}

/**
 * Validates config overrides and orders them most specific first: more literal characters first,
 * then fewer wildcards, then the order written in config.
 */
export function parsePriceOverrides(overrides: Readonly<Record<string, Record<string, unknown>>>): PriceOverride[] {
  const parsed = Object.entries(overrides).map(([pattern, value], order) => {
    const where = `pricing.overrides[${JSON.stringify(pattern)}]`;
    if (pattern.trim() === '') throw new Error(`${where}: the model pattern is empty`);
    const base = parseTokenRates(value, where, ['fast']);
    const fastRaw = isRecord(value) ? value['fast'] : undefined;
    const fast = fastRaw === undefined ? undefined : parseTokenRates(fastRaw, `${where}.fast`);
    const override: PriceOverride = { pattern, price: { name: `override ${pattern}`, base, tiers: [], fast } };
    return { override, order };
  });
  parsed.sort(
    (a, b) =>
      literalLength(b.override.pattern) - literalLength(a.override.pattern) ||
      wildcardCount(a.override.pattern) - wildcardCount(b.override.pattern) ||
      a.order - b.order,
  );
  return parsed.map((p) => p.override);
}
