// The import summary: skipped lines capped and counted per file, ids priced without a configured
// multiplier named, and the budget note only when rows fall in windows a running gateway holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PROBLEMS_LISTED, formatImportReport, newImportReport, recordImported, recordSkipped } from '../../../src/cli/usage-import-report.js';
import { ledgerRow } from '../storage/ledger-rows.js';

const NOW = Date.UTC(2026, 0, 31);
const DAY_MS = 86_400_000;
const configured = { tenants: new Set(['acme']), upstreams: new Set(['primary']) };

describe('import report', () => {
  it('lists the first skipped lines, counts all of them per file, and sums costs exactly', () => {
    const r = newImportReport(configured);
    for (let line = 1; line <= MAX_PROBLEMS_LISTED + 3; line++) recordSkipped(r, 'a/2025-09/2025-09-01.json', line, 'invalid JSON');
    recordSkipped(r, 'b/2025-09/2025-09-01.json', 7, 'missing model');
    recordImported(r, ledgerRow('x', { ts: NOW - 400 * DAY_MS, listCostNano: 1, chargedCostNano: 2, upstreamCostNano: 3 }), 0.25);
    recordImported(r, ledgerRow('y', { ts: NOW - 400 * DAY_MS, listCostNano: 10, chargedCostNano: 20, upstreamCostNano: 30 }), undefined);
    const text = formatImportReport(r, '/old/data/usage', 'ledger.db', NOW).join('\n');
    assert.match(text, /imported 2 row\(s\) into ledger\.db, skipped 14 line\(s\)/);
    assert.match(text, /list \$0\.000000011, charged \$0\.000000022, upstream estimate \$0\.000000033 \(the files said \$0\.250000/);
    assert.match(text, /a\/2025-09\/2025-09-01\.json: 13\n {2}b\/2025-09\/2025-09-01\.json: 1\n/);
    assert.match(text, new RegExp(`First skipped lines \\(${MAX_PROBLEMS_LISTED} of 14\\)`));
    assert.equal(text.match(/invalid JSON/g)?.length, MAX_PROBLEMS_LISTED);
    assert.doesNotMatch(text, /missing model/, 'beyond the cap');
    assert.doesNotMatch(text, /not in the current config|restart/);
  });

  it('names tenants and upstreams priced at multiplier 1, and asks for a restart for recent rows', () => {
    const r = newImportReport(configured);
    recordImported(r, ledgerRow('x', { tenantId: 'gone-tenant', upstreamId: 'old-mirror', ts: NOW - DAY_MS }), undefined);
    recordImported(r, ledgerRow('y', { upstreamId: null }), undefined);
    const text = formatImportReport(r, '/d', 'ledger.db', NOW).join('\n');
    assert.match(text, /Tenants not in the current config, charged at list price \(multiplier 1\): gone-tenant\./);
    assert.match(text, /Upstreams not in the current config, estimated at list price \(multiplier 1\): old-mirror\./);
    assert.match(text, /restart a running gateway/);
    assert.doesNotMatch(text, /Skipped lines/);
  });
});
