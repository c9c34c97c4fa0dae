// Model id matching: suffixes and markers, longest prefix first, family and unknown fallbacks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesModelPrefix, normaliseModelId } from '../../../src/accounting/model-id.js';
import { createPriceBook } from '../../../src/accounting/price-book.js';
import { parsePriceData } from '../../../src/accounting/price-data.js';
import { priceUsage } from '../../../src/accounting/price-usage.js';
import { AT_LIST, STANDARD_USAGE } from './usage-fixture.js';

const book = createPriceBook({});

describe('model id normalisation', () => {
  const cases: [string, string][] = [
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['Claude-Sonnet-4-5-20250929[1m]', 'claude-sonnet-4-5'],
    ['us.anthropic.claude-opus-4-1-20250805-v1:0', 'claude-opus-4-1'],
    ['anthropic/claude-opus-4.8', 'claude-opus-4-8'],
    ['claude-opus-4-1@20250805', 'claude-opus-4-1'],
    ['  claude-haiku-5-5[1m] ', 'claude-haiku-5-5'],
  ];
  for (const [model, key] of cases) {
    it(`${model} → ${key}`, () => assert.equal(normaliseModelId(model).key, key));
  }

  it('keeps the date in the raw form for override patterns', () => {
    assert.equal(normaliseModelId('Claude-Opus-4-8-20260528[1m]').raw, 'claude-opus-4-8-20260528');
  });

  it('matches a prefix followed by a word, not by another version number', () => {
    assert.equal(matchesModelPrefix('claude-opus-4-1-thinking', 'claude-opus-4-1'), true);
    assert.equal(matchesModelPrefix('claude-3-5-haiku-latest', 'claude-3-5-haiku'), true);
    assert.equal(matchesModelPrefix('claude-haiku-4-5-20251001-thinking', 'claude-haiku-4-5'), true);
    assert.equal(matchesModelPrefix('claude-opus-4-9', 'claude-opus-4'), false);
    assert.equal(matchesModelPrefix('claude-opus-4-10', 'claude-opus-4-1'), false);
  });
});

describe('lookup', () => {
  const exact: [string, string][] = [
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['claude-opus-4-20250514', 'claude-opus-4'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['claude-sonnet-4-5-20250929[1m]', 'claude-sonnet-4-5'],
    ['CLAUDE-OPUS-4-8', 'claude-opus-4-8'],
    ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet'],
    ['claude-3-opus-20240229', 'claude-3-opus'],
    ['claude-3-5-haiku-latest', 'claude-3-5-haiku'],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['claude-fable-5-1', 'claude-fable-5-1'],
    ['claude-fable-5', 'claude-fable-5'],
  ];
  for (const [model, prefix] of exact) {
    it(`${model} matches ${prefix} exactly`, () => {
      const found = book.lookup(model);
      assert.equal(found.source, 'exact');
      assert.equal(found.matched, prefix);
    });
  }

  it('tries the longest prefix first', () => {
    const rates = { input: 1, cacheWrite5m: 1, cacheWrite1h: 1, cacheRead: 1, output: 1 };
    const builtin = parsePriceData({
      models: [
        { id: 'short', name: 'short', prefixes: ['x-model'], prices: rates },
        { id: 'long', name: 'long', prefixes: ['x-model-mini'], prices: rates },
      ],
      familyFallbacks: { fable: 'short', mythos: 'short', opus: 'short', sonnet: 'short', haiku: 'short' },
    });
    const custom = createPriceBook({}, builtin);
    assert.equal(custom.lookup('x-model-mini-20260101').matched, 'x-model-mini');
    assert.equal(custom.lookup('x-model-max').matched, 'x-model');
  });

  it('prices a date-suffixed id like its base id', () => {
    // Opus 4.1 for STANDARD_USAGE: 195,000,000 (golden), not Opus 4's row by accident (same price, so check matched)
    const r = priceUsage(book, 'claude-opus-4-1-20250805', STANDARD_USAGE, AT_LIST);
    assert.equal(r.listCostNano, 195_000_000);
    assert.equal(r.matched, 'claude-opus-4-1');
  });
});

describe('unknown models', () => {
  it('prices an unknown Opus version at the newest Opus price and flags it', () => {
    // Opus 5.5 for STANDARD_USAGE: 50,000,000 (golden)
    const r = priceUsage(book, 'claude-opus-4-9', STANDARD_USAGE, AT_LIST);
    assert.equal(r.priceSource, 'family_fallback');
    assert.equal(r.matched, 'opus');
    assert.equal(r.listCostNano, 50_000_000);
    assert.equal(r.flagged, true);
    assert.deepEqual(r.flags, ['family_fallback']);
  });

  it('prices unknown Sonnet, Haiku, Fable and Mythos ids at their family fallback', () => {
    // Sonnet 5.5 26,000,000; Haiku 5.5 1,300,000; Fable 5.1 122,500,000 (golden)
    const cases: [string, string, number][] = [
      ['claude-3-5-sonnet-20241022', 'sonnet', 26_000_000],
      ['claude-sonnet-6', 'sonnet', 26_000_000],
      ['claude-haiku-6-0', 'haiku', 1_300_000],
      ['claude-fable-5-2', 'fable', 122_500_000],
      ['claude-mythos-6', 'mythos', 122_500_000],
    ];
    for (const [model, family, nano] of cases) {
      const r = priceUsage(book, model, STANDARD_USAGE, AT_LIST);
      assert.deepEqual([r.priceSource, r.matched, r.listCostNano, r.flagged], ['family_fallback', family, nano, true], model);
    }
  });

  it('prices a model with no family at the highest rate of each kind, flagged, never $0', () => {
    // highest rates in the table: $15 / 18.75 / 30 / 1.50 / 75 (Opus 4.1/4/3) → 195,000,000 for STANDARD_USAGE
    for (const model of ['gpt-4o', '', 'mystery-model']) {
      const r = priceUsage(book, model, STANDARD_USAGE, AT_LIST);
      assert.equal(r.priceSource, 'unknown_fallback', model);
      assert.equal(r.matched, '*');
      assert.equal(r.listCostNano, 195_000_000);
      assert.deepEqual(r.flags, ['unknown_fallback']);
    }
  });

  it('returns the same lookup for a repeated model (memoised)', () => {
    assert.equal(book.lookup('claude-opus-4-8'), book.lookup('claude-opus-4-8'));
  });
});
