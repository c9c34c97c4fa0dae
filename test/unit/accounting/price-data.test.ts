// The shipped price table against shared/reference/pricing.md (re-typed here as the second source),
// the data validator, and the `ccgate prices` listing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listPrices } from '../../../src/accounting/list-prices.js';
import { createPriceBook } from '../../../src/accounting/price-book.js';
import { BUILTIN_PRICES, parsePriceData } from '../../../src/accounting/price-data.js';
import { ratesToUsdPerMTok } from '../../../src/accounting/token-rates.js';

const book = createPriceBook({});

// [model ids, input, 5m write, 1h write, cache read, output] in USD per MTok, base (standard) rates.
const SPEC: [string[], number, number, number, number, number][] = [
  [['claude-fable-5-1', 'claude-mythos-5-1'], 10, 12.5, 20, 0.25, 50],
  [['claude-fable-5', 'claude-mythos-5'], 10, 12.5, 20, 1, 50],
  [['claude-opus-5-5'], 4, 5, 8, 0.2, 20],
  [['claude-opus-5', 'claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-opus-4-5'], 5, 6.25, 10, 0.5, 25],
  [['claude-opus-4-1', 'claude-opus-4', 'claude-3-opus'], 15, 18.75, 30, 1.5, 75],
  // pricing.md: 0.20 "(check 5.5)"; cut to 0.10 on 2026-10-07
  [['claude-sonnet-5-5'], 2, 2.5, 4, 0.2, 10],
  [['claude-sonnet-5'], 2, 2.5, 4, 0.2, 10],
  [['claude-sonnet-4-6', 'claude-sonnet-4-5', 'claude-sonnet-4', 'claude-3-7-sonnet'], 3, 3.75, 6, 0.3, 15],
  [['claude-haiku-5-5'], 0.1, 0.125, 0.2, 0.01, 0.5],
  [['claude-haiku-4-5'], 1, 1.25, 2, 0.1, 5],
  [['claude-3-5-haiku'], 0.8, 1, 1.6, 0.08, 4],
  [['claude-3-haiku'], 0.25, 0.3, 0.5, 0.03, 1.25],
];

describe('built-in price table', () => {
  for (const [ids, input, cacheWrite5m, cacheWrite1h, cacheRead, output] of SPEC) {
    for (const id of ids) {
      it(`${id} has the pricing.md rates`, () => {
        const found = book.lookup(id);
        assert.equal(found.source, 'exact');
        assert.deepEqual(ratesToUsdPerMTok(found.price.base), { input, cacheWrite5m, cacheWrite1h, cacheRead, output });
      });
    }
  }

  it('has fast rates only where the docs list them', () => {
    const fastOutput = (id: string): number | undefined => {
      const fast = book.lookup(id).price.fast;
      return fast && ratesToUsdPerMTok(fast).output;
    };
    assert.deepEqual(
      ['claude-opus-5-5', 'claude-opus-5', 'claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-opus-4-5', 'claude-sonnet-4-5'].map(fastOutput),
      [40, 50, 50, 150, 150, undefined, undefined],
    );
  });

  it('makes the unknown default at least as dear as every row on every kind of token', () => {
    const unknown = ratesToUsdPerMTok(book.unknownFallback.base);
    assert.deepEqual(unknown, { input: 15, cacheWrite5m: 18.75, cacheWrite1h: 30, cacheRead: 1.5, output: 75 });
    for (const model of BUILTIN_PRICES.models) {
      for (const rates of [model.price.base, ...model.price.tiers.map((t) => t.rates)]) {
        const r = ratesToUsdPerMTok(rates);
        for (const field of ['input', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead', 'output'] as const) {
          assert.ok(unknown[field] >= r[field], `${model.id} ${field}`);
        }
      }
    }
  });
});

describe('price data validation', () => {
  const row = (id: string, prefixes: string[]) => ({
    id,
    name: id,
    prefixes,
    prices: { input: 1, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1, output: 5 },
  });
  const fallbacks = { fable: 'a', mythos: 'a', opus: 'a', sonnet: 'a', haiku: 'a' };

  it('accepts well-formed data', () => {
    assert.equal(parsePriceData({ models: [row('a', ['x-1'])], familyFallbacks: fallbacks }).models.length, 1);
  });

  it('refuses a prefix listed twice', () => {
    const data = { models: [row('a', ['x-1']), row('b', ['x-1'])], familyFallbacks: fallbacks };
    assert.throws(() => parsePriceData(data), /prefix "x-1" is listed twice/);
  });

  it('refuses a bad price, naming the row and field', () => {
    const bad = { ...row('a', ['x-1']), prices: { input: 1, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1, output: 'five' } };
    assert.throws(() => parsePriceData({ models: [bad], familyFallbacks: fallbacks }), /^Error: prices\.json models\[0\]\.prices: field "output"/);
  });

  it('refuses tiers that do not ascend', () => {
    const tier = (above: number) => ({ abovePromptTokens: above, prices: row('t', ['t']).prices });
    const bad = { ...row('a', ['x-1']), tiers: [tier(200), tier(100)] };
    assert.throws(() => parsePriceData({ models: [bad], familyFallbacks: fallbacks }), /strictly ascending/);
  });

  it('refuses a family fallback to a missing row', () => {
    assert.throws(
      () => parsePriceData({ models: [row('a', ['x-1'])], familyFallbacks: { ...fallbacks, opus: 'nope' } }),
      /familyFallbacks\.opus: "nope" is not a model id/,
    );
  });
});

describe('listPrices', () => {
  const rows = listPrices(createPriceBook({ 'my-*': { input: 1, cacheWrite5m: 2, cacheWrite1h: 3, cacheRead: 0.5, output: 4 } }));

  it('lists overrides first and the unknown default last', () => {
    assert.deepEqual(rows[0], {
      pattern: 'my-*',
      name: 'override my-*',
      condition: '',
      usdPerMTok: { input: 1, cacheWrite5m: 2, cacheWrite1h: 3, cacheRead: 0.5, output: 4 },
      source: 'override',
    });
    assert.deepEqual(rows.at(-1), {
      pattern: '*',
      name: 'Unknown model (highest list rate of each kind)',
      condition: '',
      usdPerMTok: { input: 15, cacheWrite5m: 18.75, cacheWrite1h: 30, cacheRead: 1.5, output: 75 },
      source: 'unknown_fallback',
    });
  });

  it('lists tiers and fast rates as their own rows', () => {
    const tier = rows.find((r) => r.pattern === 'claude-sonnet-4-5, claude-sonnet-4' && r.condition === 'prompt > 200000 tokens');
    assert.deepEqual(tier?.usdPerMTok, { input: 6, cacheWrite5m: 7.5, cacheWrite1h: 12, cacheRead: 0.6, output: 22.5 });
    const fast = rows.find((r) => r.pattern === 'claude-opus-4-7, claude-opus-4-6' && r.condition === 'speed fast');
    assert.deepEqual(fast?.usdPerMTok, { input: 30, cacheWrite5m: 37.5, cacheWrite1h: 60, cacheRead: 3, output: 150 });
  });

  it('lists a family fallback row per family', () => {
    assert.deepEqual(
      rows.filter((r) => r.source === 'family_fallback' && r.condition === '').map((r) => r.pattern),
      ['*fable*', '*mythos*', '*opus*', '*sonnet*', '*haiku*'],
    );
  });
});
