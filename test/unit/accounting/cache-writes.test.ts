// Cache writes by lifetime: 1h at the 1h rate, the unsplit remainder at the 5m rate, never twice.
// All on Opus 4.8: 5m write $6.25/MTok, 1h write $10/MTok.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitCacheWrites } from '../../../src/accounting/cache-write-split.js';
import { createPriceBook } from '../../../src/accounting/price-book.js';
import { priceUsage } from '../../../src/accounting/price-usage.js';
import { AT_LIST, usage } from './usage-fixture.js';

const book = createPriceBook({});
const MODEL = 'claude-opus-4-8';

describe('cache write lifetimes', () => {
  it('prices 5-minute writes at the 5m rate', () => {
    // 4000 × 6.25 × 1000 = 25,000,000
    const r = priceUsage(book, MODEL, usage({ cacheCreationTokens: 4000, cacheWrite5mTokens: 4000 }), AT_LIST);
    assert.equal(r.breakdown.cacheWrite5mNano, 25_000_000);
    assert.equal(r.breakdown.cacheWrite1hNano, 0);
    assert.equal(r.listCostNano, 25_000_000);
  });

  it('prices 1-hour writes at the 1h rate and does not charge them again at 5m', () => {
    // 4000 × 10 × 1000 = 40,000,000; the 5m part is 0, not another 4000 tokens
    const r = priceUsage(book, MODEL, usage({ cacheCreationTokens: 4000, cacheWrite1hTokens: 4000 }), AT_LIST);
    assert.equal(r.breakdown.cacheWrite1hNano, 40_000_000);
    assert.equal(r.breakdown.cacheWrite5mNano, 0);
    assert.equal(r.listCostNano, 40_000_000);
  });

  it('prices every write at the 5m rate when the split is absent', () => {
    // No split reported (older upstream): 4000 × 6.25 × 1000 = 25,000,000
    const r = priceUsage(book, MODEL, usage({ cacheCreationTokens: 4000 }), AT_LIST);
    assert.deepEqual(
      [r.breakdown.cacheWrite5mNano, r.breakdown.cacheWrite1hNano, r.listCostNano],
      [25_000_000, 0, 25_000_000],
    );
    assert.equal(r.flagged, false);
  });

  it('prices the remainder of an incomplete split at the 5m rate', () => {
    // total 4000, split 500 (5m) + 1000 (1h): 1h 1000 × 10 × 1000 = 10,000,000;
    // 5m = 4000 − 1000 = 3000 (the 500 reported plus the 2500 unaccounted) × 6.25 × 1000 = 18,750,000; sum 28,750,000
    const r = priceUsage(
      book,
      MODEL,
      usage({ cacheCreationTokens: 4000, cacheWrite5mTokens: 500, cacheWrite1hTokens: 1000 }),
      AT_LIST,
    );
    assert.equal(r.breakdown.cacheWrite1hNano, 10_000_000);
    assert.equal(r.breakdown.cacheWrite5mNano, 18_750_000);
    assert.equal(r.listCostNano, 28_750_000);
  });

  it('trusts a split larger than the total and flags it', () => {
    // total 1000 but split 800 + 700: 800 × 6.25 × 1000 = 5,000,000; 700 × 10 × 1000 = 7,000,000; sum 12,000,000
    const r = priceUsage(
      book,
      MODEL,
      usage({ cacheCreationTokens: 1000, cacheWrite5mTokens: 800, cacheWrite1hTokens: 700 }),
      AT_LIST,
    );
    assert.equal(r.listCostNano, 12_000_000);
    assert.deepEqual(r.flags, ['cache_split_exceeds_total']);
    assert.equal(r.flagged, true);
  });

  it('splitCacheWrites accounts for each write token exactly once', () => {
    assert.deepEqual(splitCacheWrites(usage({ cacheCreationTokens: 10, cacheWrite5mTokens: 3, cacheWrite1hTokens: 4 })), {
      write5mTokens: 6,
      write1hTokens: 4,
      splitExceedsTotal: false,
    });
    assert.deepEqual(splitCacheWrites(usage({ cacheCreationTokens: 10, cacheWrite5mTokens: 6, cacheWrite1hTokens: 4 })), {
      write5mTokens: 6,
      write1hTokens: 4,
      splitExceedsTotal: false,
    });
  });
});
