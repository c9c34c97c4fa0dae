// Legacy record → ledger row: token mapping, what the original did not record, and re-pricing with
// the current price book and the multipliers of the tenant and upstream still configured.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLegacyRowMapper } from '../../../src/accounting/legacy-import/legacy-ledger-row.js';
import type { LegacyUsageRecord } from '../../../src/accounting/legacy-import/parse-legacy-line.js';
import { createPriceBook } from '../../../src/accounting/price-book.js';
import { priceUsage } from '../../../src/accounting/price-usage.js';
import { createPricer } from '../../../src/accounting/pricer.js';
import { GOOD_RECORD } from './legacy-fixtures.js';

const RECORD: LegacyUsageRecord = { ...GOOD_RECORD, durationMs: 1500, userAgent: 'claude-cli/1.0.98' };

const toRow = createLegacyRowMapper({
  price: createPricer({}).current,
  tenants: [{ id: 'alice', priceMultiplier: 1.5 }, { id: 'bob', priceMultiplier: 1 }],
  upstreams: [
    { id: 'main', name: 'Main', costMultiplier: 0.5 },
    { id: 'backup', name: 'Backup Mirror', costMultiplier: 0.8 },
  ],
});

function expectedCost(record: LegacyUsageRecord, upstreamCostMultiplier: number, tenantPriceMultiplier: number) {
  const usage = { inputTokens: record.inputTokens, outputTokens: record.outputTokens, cacheCreationTokens: record.cacheCreationTokens, cacheWrite5mTokens: record.cacheCreationTokens, cacheWrite1hTokens: 0, cacheReadTokens: record.cacheReadTokens };
  return priceUsage(createPriceBook(), record.model, usage, { upstreamCostMultiplier, tenantPriceMultiplier });
}

describe('legacy record to ledger row', () => {
  it('maps tokens and metadata; cache writes become 5-minute writes', () => {
    const row = toRow(RECORD, 'req_1');
    assert.deepEqual(
      { ...row, listCostNano: 0, chargedCostNano: 0, upstreamCostNano: 0 },
      {
        requestId: 'req_1',
        ts: RECORD.ts,
        tenantId: 'alice',
        endpoint: 'anthropic',
        modelRequested: 'claude-sonnet-4-20250514',
        modelServed: 'claude-sonnet-4-20250514',
        upstreamId: 'main',
        attempts: 1,
        status: 200,
        errorType: null,
        stream: false,
        inputTokens: 1000,
        outputTokens: 200,
        cacheWrite5mTokens: 3000,
        cacheWrite1hTokens: 0,
        cacheReadTokens: 40_000,
        listCostNano: 0,
        chargedCostNano: 0,
        upstreamCostNano: 0,
        priceFlagged: false,
        durationMs: 1500,
        ttfbMs: null,
        userAgent: 'claude-cli/1.0.98',
        usageEstimated: false,
      },
    );
  });

  it('re-prices at list price with the tenant and upstream multipliers, ignoring the stale USD', () => {
    const row = toRow(RECORD, 'req_1');
    const want = expectedCost(RECORD, 0.5, 1.5);
    assert.ok(want.listCostNano > 0);
    assert.equal(row.listCostNano, want.listCostNano);
    assert.equal(row.chargedCostNano, want.chargedCostNano);
    assert.equal(row.upstreamCostNano, want.upstreamCostNano);
    assert.notEqual(row.listCostNano, 500_000_000, 'the original cost must not be copied');
  });

  it('finds an upstream by name too, and uses 1 for a tenant or upstream no longer configured', () => {
    const byName = toRow({ ...RECORD, upstream: 'Backup Mirror' }, 'x');
    assert.equal(byName.upstreamId, 'backup');
    assert.equal(byName.upstreamCostNano, expectedCost(RECORD, 0.8, 1.5).upstreamCostNano);
    const gone = toRow({ ...RECORD, tenantId: 'carol', upstream: 'old-mirror' }, 'y');
    assert.equal(gone.upstreamId, 'old-mirror');
    assert.equal(gone.chargedCostNano, gone.listCostNano);
    assert.equal(gone.upstreamCostNano, gone.listCostNano);
    assert.equal(toRow({ ...RECORD, upstream: null }, 'z').upstreamId, null);
  });

  it('flags a model the price book does not know instead of pricing it at $0', () => {
    const row = toRow({ ...RECORD, model: 'claude-sonnet-99-experimental' }, 'q');
    assert.equal(row.priceFlagged, true);
    assert.ok(row.listCostNano > 0);
  });

  it('keeps a failed request with no tokens at zero cost', () => {
    const row = toRow({ ...RECORD, status: 429, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 }, 'f');
    assert.equal(row.status, 429);
    assert.equal(row.listCostNano, 0);
  });
});
