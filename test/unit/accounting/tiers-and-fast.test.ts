// Prompt-size tiers (Haiku 5.5 above 100k, Sonnet 4/4.5 above 200k) and fast mode.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPriceBook } from '../../../src/accounting/price-book.js';
import { priceUsage } from '../../../src/accounting/price-usage.js';
import { AT_LIST, STANDARD_USAGE, usage } from './usage-fixture.js';

const book = createPriceBook({});

describe('Haiku 5.5 prompt-size tiers', () => {
  it('uses the base rates at exactly 100,000 prompt tokens', () => {
    // prompt = 40,000 + 30,000 writes + 30,000 reads = 100,000 (not above): $0.10 / 0.125 / 0.20 / 0.01 / 0.50
    // 40000×0.1×1000=4,000,000; 20000×0.125×1000=2,500,000; 10000×0.2×1000=2,000,000;
    // 30000×0.01×1000=300,000; 1000×0.5×1000=500,000; sum 9,300,000
    const u = usage({ inputTokens: 40_000, cacheWrite5mTokens: 20_000, cacheWrite1hTokens: 10_000, cacheReadTokens: 30_000, outputTokens: 1000 });
    const r = priceUsage(book, 'claude-haiku-5-5', u, AT_LIST);
    assert.equal(r.band, 'base');
    assert.deepEqual(r.breakdown, {
      inputNano: 4_000_000,
      cacheWrite5mNano: 2_500_000,
      cacheWrite1hNano: 2_000_000,
      cacheReadNano: 300_000,
      outputNano: 500_000,
    });
    assert.equal(r.listCostNano, 9_300_000);
  });

  it('uses the > 100k rates for every token one token above the threshold', () => {
    // prompt 100,001: $0.50 / 0.625 / 1.00 / 0.05 / 2.50
    // 40001×0.5×1000=20,000,500; 20000×0.625×1000=12,500,000; 10000×1×1000=10,000,000;
    // 30000×0.05×1000=1,500,000; 1000×2.5×1000=2,500,000; sum 46,500,500
    const u = usage({ inputTokens: 40_001, cacheWrite5mTokens: 20_000, cacheWrite1hTokens: 10_000, cacheReadTokens: 30_000, outputTokens: 1000 });
    const r = priceUsage(book, 'claude-haiku-5-5', u, AT_LIST);
    assert.equal(r.band, 'tier');
    assert.deepEqual(r.breakdown, {
      inputNano: 20_000_500,
      cacheWrite5mNano: 12_500_000,
      cacheWrite1hNano: 10_000_000,
      cacheReadNano: 1_500_000,
      outputNano: 2_500_000,
    });
    assert.equal(r.listCostNano, 46_500_500);
  });

  it('counts cache reads toward the prompt size', () => {
    // 1 input + 100,000 reads = 100,001 > 100k: 1×0.5×1000=500; 100000×0.05×1000=5,000,000; sum 5,000,500
    const r = priceUsage(book, 'claude-haiku-5-5', usage({ inputTokens: 1, cacheReadTokens: 100_000 }), AT_LIST);
    assert.equal(r.listCostNano, 5_000_500);
  });
});

describe('Sonnet 4.5 long context (1M beta)', () => {
  it('uses the standard rates at exactly 200,000 prompt tokens', () => {
    // 200000×3×1000=600,000,000; 1000×15×1000=15,000,000; sum 615,000,000
    const r = priceUsage(book, 'claude-sonnet-4-5', usage({ inputTokens: 200_000, outputTokens: 1000 }), AT_LIST);
    assert.equal(r.band, 'base');
    assert.equal(r.listCostNano, 615_000_000);
  });

  it('doubles input, scales cache with input and output ×1.5 above 200k, for a [1m] dated id', () => {
    // prompt 1 + 100,000 (5m, split absent) + 100,000 reads = 200,001: $6 / 7.50 / 12 / 0.60 / 22.50
    // 1×6×1000=6,000; 100000×7.5×1000=750,000,000; 100000×0.6×1000=60,000,000; 1000×22.5×1000=22,500,000;
    // sum 832,506,000
    const u = usage({ inputTokens: 1, cacheCreationTokens: 100_000, cacheReadTokens: 100_000, outputTokens: 1000 });
    const r = priceUsage(book, 'claude-sonnet-4-5-20250929[1m]', u, AT_LIST);
    assert.equal(r.band, 'tier');
    assert.equal(r.matched, 'claude-sonnet-4-5');
    assert.deepEqual(r.breakdown, {
      inputNano: 6_000,
      cacheWrite5mNano: 750_000_000,
      cacheWrite1hNano: 0,
      cacheReadNano: 60_000_000,
      outputNano: 22_500_000,
    });
    assert.equal(r.listCostNano, 832_506_000);
  });

  it('applies the same tier to Sonnet 4 but not to Sonnet 4.6', () => {
    // Sonnet 4: 200001×6×1000 = 1,200,006,000; Sonnet 4.6 (flat): 200001×3×1000 = 600,003,000
    const u = usage({ inputTokens: 200_001 });
    assert.equal(priceUsage(book, 'claude-sonnet-4-20250514', u, AT_LIST).listCostNano, 1_200_006_000);
    assert.equal(priceUsage(book, 'claude-sonnet-4-6', u, AT_LIST).listCostNano, 600_003_000);
  });
});

describe('fast mode', () => {
  it('prices Opus 4.6 fast at 6× every rate', () => {
    // $30 / 37.50 / 60 / 3 / 150: 1000×30×1000=30,000,000; 2000×37.5×1000=75,000,000; 3000×60×1000=180,000,000;
    // 10000×3×1000=30,000,000; 500×150×1000=75,000,000; sum 390,000,000 (= 6 × 65,000,000)
    const r = priceUsage(book, 'claude-opus-4-6', { ...STANDARD_USAGE, speed: 'fast' }, AT_LIST);
    assert.equal(r.band, 'fast');
    assert.deepEqual(r.breakdown, {
      inputNano: 30_000_000,
      cacheWrite5mNano: 75_000_000,
      cacheWrite1hNano: 180_000_000,
      cacheReadNano: 30_000_000,
      outputNano: 75_000_000,
    });
    assert.equal(r.listCostNano, 390_000_000);
    assert.equal(r.flagged, false);
  });

  it('prices Opus 4.8 fast at $10 / $50', () => {
    // $10 / 12.50 / 20 / 1 / 50: 10,000,000 + 25,000,000 + 60,000,000 + 10,000,000 + 25,000,000 = 130,000,000
    const r = priceUsage(book, 'claude-opus-4-8', { ...STANDARD_USAGE, speed: 'fast' }, AT_LIST);
    assert.equal(r.listCostNano, 130_000_000);
  });

  it('prices speed "standard" and an absent speed alike', () => {
    // Opus 4.8 standard: 65,000,000 (see the golden cases)
    const r = priceUsage(book, 'claude-opus-4-8', { ...STANDARD_USAGE, speed: 'standard' }, AT_LIST);
    assert.equal(r.listCostNano, 65_000_000);
    assert.equal(r.band, 'base');
    assert.equal(r.flagged, false);
  });

  it('flags fast usage on a model without fast rates and charges standard rates', () => {
    // Sonnet 4.5 standard: 39,000,000 (see the golden cases)
    const r = priceUsage(book, 'claude-sonnet-4-5', { ...STANDARD_USAGE, speed: 'fast' }, AT_LIST);
    assert.equal(r.listCostNano, 39_000_000);
    assert.deepEqual(r.flags, ['fast_unpriced']);
  });

  it('flags a speed it does not know', () => {
    const r = priceUsage(book, 'claude-opus-4-8', { ...STANDARD_USAGE, speed: 'turbo' }, AT_LIST);
    assert.equal(r.listCostNano, 65_000_000);
    assert.deepEqual(r.flags, ['unknown_speed']);
  });
});
