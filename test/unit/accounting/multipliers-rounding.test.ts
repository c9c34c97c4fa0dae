// Upstream and tenant multipliers, and the one-rounding-per-component, half-up rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scaleNanoHalfUp, tokensCostNano } from '../../../src/accounting/exact-nano.js';
import { createPriceBook } from '../../../src/accounting/price-book.js';
import { priceUsage } from '../../../src/accounting/price-usage.js';
import { AT_LIST, STANDARD_USAGE, usage } from './usage-fixture.js';

const book = createPriceBook({});

describe('multipliers', () => {
  it('records list, charged (tenant 1.2) and upstream (mirror 0.3) cost', () => {
    // Opus 4.8 list 65,000,000 (golden); charged 65,000,000 × 1.2 = 78,000,000; upstream × 0.3 = 19,500,000
    const r = priceUsage(book, 'claude-opus-4-8', STANDARD_USAGE, { upstreamCostMultiplier: 0.3, tenantPriceMultiplier: 1.2 });
    assert.equal(r.listCostNano, 65_000_000);
    assert.equal(r.chargedCostNano, 78_000_000);
    assert.equal(r.upstreamCostNano, 19_500_000);
    // the breakdown stays at list price
    assert.equal(r.breakdown.outputNano, 12_500_000);
  });

  it('rounds a scaled half nano up where float multiplication would round down', () => {
    // Haiku 5.5 reads $0.01: 9 × 0.01 × 1000 = 90 nano list; 90 × 0.35 = 31.5 → 32 (float gives 31.499…);
    // 90 × 1.2 = 108
    const r = priceUsage(book, 'claude-haiku-5-5', usage({ cacheReadTokens: 9 }), {
      upstreamCostMultiplier: 0.35,
      tenantPriceMultiplier: 1.2,
    });
    assert.equal(r.listCostNano, 90);
    assert.equal(r.upstreamCostNano, 32);
    assert.equal(r.chargedCostNano, 108);
  });

  it('refuses a negative or non-finite multiplier', () => {
    assert.throws(() => scaleNanoHalfUp(100, -0.5), RangeError);
    assert.throws(() => scaleNanoHalfUp(100, Number.POSITIVE_INFINITY), RangeError);
  });
});

describe('rounding', () => {
  it('never rounds with the built-in table: every built-in rate is a whole number of nano-USD per token', () => {
    // e.g. Haiku 5.5 reads $0.01/MTok = 10 nano per token: 7 × 10 = 70; Haiku 3 reads $0.03 = 30 nano: 7 × 30 = 210
    assert.equal(priceUsage(book, 'claude-haiku-5-5', usage({ cacheReadTokens: 7 }), AT_LIST).listCostNano, 70);
    assert.equal(priceUsage(book, 'claude-3-haiku', usage({ cacheReadTokens: 7 }), AT_LIST).listCostNano, 210);
  });

  it('rounds each component once, half up, to whole nano', () => {
    // pico per token 1500 ($0.0015/MTok) → 1.5 nano → 2; 1499 → 1.499 → 1; 500 → 0.5 → 1; 499 → 0.499 → 0
    assert.deepEqual(
      [tokensCostNano(1, 1_500), tokensCostNano(1, 1_499), tokensCostNano(1, 500), tokensCostNano(1, 499)],
      [2, 1, 1, 0],
    );
  });

  it('rounds components separately, then sums', () => {
    // override input $0.0005/MTok, reads $0.0015/MTok: 1 input = 0.5 nano → 1; 1 read = 1.5 nano → 2;
    // list 3 (rounding the 2.0 nano sum once would give 2)
    const tiny = createPriceBook({ 'tiny-*': { input: 0.0005, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0.0015, output: 0 } });
    const r = priceUsage(tiny, 'tiny-1', usage({ inputTokens: 1, cacheReadTokens: 1 }), AT_LIST);
    assert.deepEqual([r.breakdown.inputNano, r.breakdown.cacheReadNano, r.listCostNano], [1, 2, 3]);
  });

  it('stays exact for counts whose float product would not be', () => {
    // 4,000,000,000 output tokens × $75/MTok = 4e9 × 75 × 1000 = 300,000,000,000,000 nano
    assert.equal(tokensCostNano(4_000_000_000, 75_000_000), 300_000_000_000_000);
  });

  it('refuses token counts that break the Usage contract', () => {
    assert.throws(() => priceUsage(book, 'claude-opus-4-8', usage({ inputTokens: -1 }), AT_LIST), /usage\.inputTokens must be a non-negative integer/);
    assert.throws(() => priceUsage(book, 'claude-opus-4-8', usage({ outputTokens: 1.5 }), AT_LIST), /usage\.outputTokens/);
  });
});
