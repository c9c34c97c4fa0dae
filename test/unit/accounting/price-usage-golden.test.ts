// Golden costs per model family, each worked out by hand: nano-USD = tokens × USD/MTok × 1000.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPriceBook } from '../../../src/accounting/price-book.js';
import { priceUsage } from '../../../src/accounting/price-usage.js';
import { AT_LIST, STANDARD_USAGE } from './usage-fixture.js';

const book = createPriceBook({});

interface Golden {
  model: string;
  matched: string;
  // [input, cacheWrite5m, cacheWrite1h, cacheRead, output, total] in nano-USD for STANDARD_USAGE
  // (1000 input, 2000 5m writes, 3000 1h writes, 10000 reads, 500 output).
  nano: [number, number, number, number, number, number];
}

const GOLDEN: Golden[] = [
  // Opus 4.8 $5 / 6.25 / 10 / 0.50 / 25: 1000×5×1000=5,000,000; 2000×6.25×1000=12,500,000;
  // 3000×10×1000=30,000,000; 10000×0.5×1000=5,000,000; 500×25×1000=12,500,000; sum 65,000,000
  { model: 'claude-opus-4-8', matched: 'claude-opus-4-8', nano: [5_000_000, 12_500_000, 30_000_000, 5_000_000, 12_500_000, 65_000_000] },
  // Opus 4.1 $15 / 18.75 / 30 / 1.50 / 75: 15,000,000; 37,500,000; 90,000,000; 15,000,000; 37,500,000; sum 195,000,000
  { model: 'claude-opus-4-1', matched: 'claude-opus-4-1', nano: [15_000_000, 37_500_000, 90_000_000, 15_000_000, 37_500_000, 195_000_000] },
  // Opus 5.5 $4 / 5 / 8 / 0.20 / 20: 4,000,000; 10,000,000; 24,000,000; 2,000,000; 10,000,000; sum 50,000,000
  { model: 'claude-opus-5-5', matched: 'claude-opus-5-5', nano: [4_000_000, 10_000_000, 24_000_000, 2_000_000, 10_000_000, 50_000_000] },
  // Sonnet 4.5 $3 / 3.75 / 6 / 0.30 / 15 (prompt 16,000 ≤ 200k): 3,000,000; 7,500,000; 18,000,000; 3,000,000; 7,500,000; sum 39,000,000
  { model: 'claude-sonnet-4-5', matched: 'claude-sonnet-4-5', nano: [3_000_000, 7_500_000, 18_000_000, 3_000_000, 7_500_000, 39_000_000] },
  // Sonnet 5 $2 / 2.50 / 4 / 0.20 / 10: 2,000,000; 5,000,000; 12,000,000; 2,000,000; 5,000,000; sum 26,000,000
  { model: 'claude-sonnet-5', matched: 'claude-sonnet-5', nano: [2_000_000, 5_000_000, 12_000_000, 2_000_000, 5_000_000, 26_000_000] },
  // Sonnet 5.5 same rates as Sonnet 5 (official page: cache read $0.20): 10000×0.2×1000=2,000,000; sum 26,000,000
  { model: 'claude-sonnet-5-5', matched: 'claude-sonnet-5-5', nano: [2_000_000, 5_000_000, 12_000_000, 2_000_000, 5_000_000, 26_000_000] },
  // Haiku 4.5 $1 / 1.25 / 2 / 0.10 / 5: 1,000,000; 2,500,000; 6,000,000; 1,000,000; 2,500,000; sum 13,000,000
  { model: 'claude-haiku-4-5', matched: 'claude-haiku-4-5', nano: [1_000_000, 2_500_000, 6_000_000, 1_000_000, 2_500_000, 13_000_000] },
  // Haiku 3.5 $0.80 / 1 / 1.60 / 0.08 / 4: 800,000; 2,000,000; 4,800,000; 800,000; 2,000,000; sum 10,400,000
  { model: 'claude-3-5-haiku', matched: 'claude-3-5-haiku', nano: [800_000, 2_000_000, 4_800_000, 800_000, 2_000_000, 10_400_000] },
  // Haiku 3 $0.25 / 0.30 / 0.50 / 0.03 / 1.25: 250,000; 600,000; 1,500,000; 300,000; 625,000; sum 3,275,000
  { model: 'claude-3-haiku', matched: 'claude-3-haiku', nano: [250_000, 600_000, 1_500_000, 300_000, 625_000, 3_275_000] },
  // Haiku 5.5 ≤ 100k $0.10 / 0.125 / 0.20 / 0.01 / 0.50: 100,000; 250,000; 600,000; 100,000; 250,000; sum 1,300,000
  { model: 'claude-haiku-5-5', matched: 'claude-haiku-5-5', nano: [100_000, 250_000, 600_000, 100_000, 250_000, 1_300_000] },
  // Fable 5.1 $10 / 12.50 / 20 / 0.25 / 50: 10,000,000; 25,000,000; 60,000,000; 2,500,000; 25,000,000; sum 122,500,000
  { model: 'claude-fable-5-1', matched: 'claude-fable-5-1', nano: [10_000_000, 25_000_000, 60_000_000, 2_500_000, 25_000_000, 122_500_000] },
  // Fable 5 as 5.1 but cache reads $1: 10,000,000; sum 130,000,000
  { model: 'claude-fable-5', matched: 'claude-fable-5', nano: [10_000_000, 25_000_000, 60_000_000, 10_000_000, 25_000_000, 130_000_000] },
  // Mythos 5.1 shares Fable 5.1's row: sum 122,500,000
  { model: 'claude-mythos-5-1', matched: 'claude-mythos-5-1', nano: [10_000_000, 25_000_000, 60_000_000, 2_500_000, 25_000_000, 122_500_000] },
];

describe('priceUsage golden costs per model family', () => {
  for (const g of GOLDEN) {
    it(`${g.model} costs ${g.nano[5]} nano-USD at list price`, () => {
      const r = priceUsage(book, g.model, STANDARD_USAGE, AT_LIST);
      const [inputNano, cacheWrite5mNano, cacheWrite1hNano, cacheReadNano, outputNano, total] = g.nano;
      assert.deepEqual(r.breakdown, { inputNano, cacheWrite5mNano, cacheWrite1hNano, cacheReadNano, outputNano });
      assert.equal(r.listCostNano, total);
      assert.equal(r.chargedCostNano, total);
      assert.equal(r.upstreamCostNano, total);
      assert.equal(r.priceSource, 'exact');
      assert.equal(r.matched, g.matched);
      assert.equal(r.band, 'base');
      assert.equal(r.flagged, false);
      assert.deepEqual(r.flags, []);
    });
  }
});
