// Price overrides from config: exact and wildcard patterns, precedence, and clear errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPriceBook } from '../../../src/accounting/price-book.js';
import { priceUsage } from '../../../src/accounting/price-usage.js';
import { AT_LIST, STANDARD_USAGE, usage } from './usage-fixture.js';

const CHEAP = { input: 1, cacheWrite5m: 2, cacheWrite1h: 3, cacheRead: 0.5, output: 4 };
const DEAR = { input: 20, cacheWrite5m: 25, cacheWrite1h: 40, cacheRead: 2, output: 100 };

describe('overrides', () => {
  it('replaces a built-in price for an exact id, also when the id carries a date', () => {
    // $1 / 2 / 3 / 0.50 / 4: 1000×1×1000=1,000,000; 2000×2×1000=4,000,000; 3000×3×1000=9,000,000;
    // 10000×0.5×1000=5,000,000; 500×4×1000=2,000,000; sum 21,000,000
    const book = createPriceBook({ 'claude-opus-4-8': CHEAP });
    for (const model of ['claude-opus-4-8', 'claude-opus-4-8-20260528', 'Claude-Opus-4-8[1m]']) {
      const r = priceUsage(book, model, STANDARD_USAGE, AT_LIST);
      assert.equal(r.listCostNano, 21_000_000, model);
      assert.equal(r.priceSource, 'override');
      assert.equal(r.matched, 'claude-opus-4-8');
      assert.equal(r.flagged, false);
    }
    // Another Opus keeps its built-in price: Opus 4.1 195,000,000 (golden)
    assert.equal(priceUsage(book, 'claude-opus-4-1', STANDARD_USAGE, AT_LIST).listCostNano, 195_000_000);
  });

  it('matches a pattern that names a dated snapshot only that snapshot', () => {
    const book = createPriceBook({ 'claude-sonnet-4-20250514': CHEAP });
    assert.equal(book.lookup('claude-sonnet-4-20250514').source, 'override');
    assert.equal(book.lookup('claude-sonnet-4-20250514[1m]').source, 'override');
    assert.equal(book.lookup('claude-sonnet-4').source, 'exact');
  });

  it('prices models the book does not know through a wildcard, unflagged', () => {
    // 21,000,000 as above
    const r = priceUsage(createPriceBook({ 'my-mirror-*': CHEAP }), 'MY-MIRROR-large', STANDARD_USAGE, AT_LIST);
    assert.deepEqual([r.priceSource, r.matched, r.listCostNano, r.flagged], ['override', 'my-mirror-*', 21_000_000, false]);
  });

  it('prefers the most specific pattern, whatever the config order', () => {
    const book = createPriceBook({ '*haiku*': CHEAP, 'claude-haiku-4-*': DEAR, '*': CHEAP });
    assert.equal(book.lookup('claude-haiku-4-5').matched, 'claude-haiku-4-*');
    assert.equal(book.lookup('claude-3-haiku').matched, '*haiku*');
    assert.equal(book.lookup('claude-opus-4-8').matched, '*');
    // DEAR $20 / 25 / 40 / 2 / 100 on Haiku 4.5: 20,000,000 + 50,000,000 + 120,000,000 + 20,000,000 + 50,000,000 = 260,000,000
    assert.equal(priceUsage(book, 'claude-haiku-4-5', STANDARD_USAGE, AT_LIST).listCostNano, 260_000_000);
  });

  it('replaces tiers too: an override is a flat price', () => {
    // Haiku 5.5 overridden flat at CHEAP: 200,001 input × $1 × 1000 = 200,001,000 (no tier above 100k)
    const book = createPriceBook({ 'claude-haiku-5-5': CHEAP });
    const r = priceUsage(book, 'claude-haiku-5-5', usage({ inputTokens: 200_001 }), AT_LIST);
    assert.equal(r.listCostNano, 200_001_000);
    assert.equal(r.band, 'base');
  });

  it('uses the override fast rates when the usage ran fast', () => {
    // fast = DEAR: 1000×20×1000=20,000,000; 2000×25×1000=50,000,000; 3000×40×1000=120,000,000;
    // 10000×2×1000=20,000,000; 500×100×1000=50,000,000; sum 260,000,000
    const book = createPriceBook({ 'claude-opus-4-8': { ...CHEAP, fast: DEAR } });
    const r = priceUsage(book, 'claude-opus-4-8', { ...STANDARD_USAGE, speed: 'fast' }, AT_LIST);
    assert.equal(r.listCostNano, 260_000_000);
    assert.equal(r.band, 'fast');
  });

  it('accepts an explicit 0 (a deliberate free model is not an accident)', () => {
    const zero = { input: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: 0 };
    assert.equal(priceUsage(createPriceBook({ 'internal-*': zero }), 'internal-x', STANDARD_USAGE, AT_LIST).listCostNano, 0);
  });
});

describe('invalid overrides', () => {
  const cases: [string, Record<string, Record<string, unknown>>, RegExp][] = [
    ['a missing field', { 'claude-x': { input: 1, cacheWrite5m: 1, cacheWrite1h: 1, output: 1 } }, /^Error: pricing\.overrides\["claude-x"\]: field "cacheRead" is missing/],
    ['a negative price', { 'claude-x': { ...CHEAP, input: -1 } }, /^Error: pricing\.overrides\["claude-x"\]: field "input" must be a number ≥ 0 .*\(got -1\)$/],
    ['a price written as a string', { 'claude-x': { ...CHEAP, output: '15' } }, /field "output" must be a number ≥ 0 .*\(got "15"\)$/],
    ['NaN', { 'claude-x': { ...CHEAP, output: Number.NaN } }, /field "output" must be a number/],
    ['more than 6 decimals', { 'claude-x': { ...CHEAP, cacheRead: 0.0000001 } }, /field "cacheRead" must be .* at most 6 decimals/],
    ['an unknown field', { 'claude-x': { ...CHEAP, cache_read: 0.3 } }, /^Error: pricing\.overrides\["claude-x"\]: unknown field "cache_read"/],
    ['a bad fast price', { 'claude-x': { ...CHEAP, fast: { ...CHEAP, output: null } } }, /^Error: pricing\.overrides\["claude-x"\]\.fast: field "output" must be a number/],
    ['an empty pattern', { ' ': CHEAP }, /^Error: pricing\.overrides\[" "\]: the model pattern is empty/],
  ];
  for (const [what, overrides, message] of cases) {
    it(`throws on ${what}, naming the key and field`, () => {
      assert.throws(() => createPriceBook(overrides), message);
    });
  }
});
