// Dates of `ccgate usage export`: strict ISO instants, UTC midnight for a bare date, --to exclusive,
// and exit status 2 with a clear message for anything wrong.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUsageRange } from '../../../src/cli/usage-range.js';
import { UsageCommandError } from '../../../src/cli/usage-store.js';
import { parseIsoInstant } from '../../../src/domain/iso-instant.js';

describe('parseIsoInstant', () => {
  it('reads a bare date as UTC midnight and date-times with their zone', () => {
    assert.equal(parseIsoInstant('2025-09-01'), Date.UTC(2025, 8, 1));
    assert.equal(parseIsoInstant('2024-02-29'), Date.UTC(2024, 1, 29));
    assert.equal(parseIsoInstant('2025-09-01T00:00Z'), Date.UTC(2025, 8, 1));
    assert.equal(parseIsoInstant('2025-09-01T02:00:00+02:00'), Date.UTC(2025, 8, 1));
    assert.equal(parseIsoInstant('2025-08-31T19:00:00.5-05:00'), Date.UTC(2025, 8, 1, 0, 0, 0, 500));
  });

  it('refuses what Date.parse would guess at', () => {
    for (const bad of ['2025-9-1', '2025-02-29', '2025-13-01', '2025-09-01T08:00', '2025-09-01 08:00Z', '2025-09-01T08:60Z', '20250901', 'yesterday', '0099-01-01', '']) {
      assert.equal(parseIsoInstant(bad), undefined, bad);
    }
  });
});

describe('parseUsageRange', () => {
  const usageError = (message: RegExp) => (err: unknown) => err instanceof UsageCommandError && err.exitCode === 2 && message.test(err.message);

  it('builds the query, with the tenant when given', () => {
    assert.deepEqual(parseUsageRange({ from: '2025-09-01', to: '2025-09-02' }), { from: Date.UTC(2025, 8, 1), to: Date.UTC(2025, 8, 2) });
    assert.deepEqual(parseUsageRange({ from: '2025-09-01', to: '2025-09-01T12:00:00Z', tenant: 'alice' }), { from: Date.UTC(2025, 8, 1), to: Date.UTC(2025, 8, 1, 12), tenantId: 'alice' });
  });

  it('is a usage error (exit 2) when a date is missing, invalid, or the range is empty', () => {
    assert.throws(() => parseUsageRange({ to: '2025-09-02' }), usageError(/--from is required/));
    assert.throws(() => parseUsageRange({ from: '2025-09-01' }), usageError(/--to is required/));
    assert.throws(() => parseUsageRange({ from: '2025-09-31', to: '2025-10-02' }), usageError(/--from "2025-09-31" is not a valid date/));
    assert.throws(() => parseUsageRange({ from: '2025-09-01', to: '2025-09-01' }), usageError(/--from must be before --to/));
    assert.throws(() => parseUsageRange({ from: '2025-09-01', to: '2025-09-02', tenant: ' ' }), usageError(/--tenant/));
  });
});
