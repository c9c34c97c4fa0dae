// CSV export lines: RFC 4180 quoting of client-chosen text, exact USD columns, header in step with rows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField, csvRecord } from '../../../src/cli/usage-csv.js';
import { CSV_COLUMNS, csvHeader, csvLine, jsonLine, nanoToUsdText } from '../../../src/cli/usage-export-lines.js';
import { LEDGER_COLUMNS } from '../../../src/storage/columns.js';
import { ledgerRow } from '../storage/ledger-rows.js';
import { parseCsv } from './parse-csv.js';

describe('csv fields', () => {
  it('leaves plain text, numbers and booleans as they are', () => {
    assert.equal(csvField('claude-sonnet-4-5'), 'claude-sonnet-4-5');
    assert.equal(csvField(' spaced '), ' spaced ');
    assert.equal(csvField(1234), '1234');
    assert.equal(csvField(false), 'false');
  });

  it('writes null as an empty field', () => {
    assert.equal(csvField(null), '');
    assert.equal(csvRecord(['a', null, 'b']), 'a,,b\r\n');
  });

  it('quotes fields with a comma, a quote, CR or LF and doubles the quotes', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('line1\nline2'), '"line1\nline2"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
    assert.equal(csvField('"'), '""""');
  });

  it('round-trips awkward values through an independent reader', () => {
    const values = ['', 'x', 'a,b', '"', '""', 'q"in"side', 'multi\r\nline', 'trailing,', ',leading', 'ünïcødé 🚀'];
    const text = csvRecord(values) + csvRecord(['second']);
    assert.deepEqual(parseCsv(text), [values, ['second']]);
  });
});

describe('export lines', () => {
  it('formats nano-USD as exact decimal USD', () => {
    assert.equal(nanoToUsdText(0), '0.000000000');
    assert.equal(nanoToUsdText(1), '0.000000001');
    assert.equal(nanoToUsdText(1_234_567_890), '1.234567890');
    assert.equal(nanoToUsdText(9_000_000_000_123), '9000.000000123');
    assert.equal(nanoToUsdText(-5), '-0.000000005');
  });

  it('has a header of the ledger field names in column order, then the USD costs and the ISO time', () => {
    const fields = LEDGER_COLUMNS.map(([f]) => f);
    assert.deepEqual(CSV_COLUMNS, [...fields, 'listCostUsd', 'chargedCostUsd', 'upstreamCostUsd', 'tsIso']);
    assert.deepEqual(parseCsv(csvHeader()), [CSV_COLUMNS]);
  });

  it('writes a row with the same fields as JSONL, quoting a hostile user agent', () => {
    const row = ledgerRow('r1', { userAgent: 'evil, "agent"\nx', ttfbMs: null, listCostNano: 1_500, chargedCostNano: 2_250, upstreamCostNano: 750 });
    const [cells] = parseCsv(csvLine(row));
    assert.equal(cells!.length, CSV_COLUMNS.length);
    const byName = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, cells![i]]));
    assert.equal(byName['userAgent'], 'evil, "agent"\nx');
    assert.equal(byName['ttfbMs'], '');
    assert.equal(byName['stream'], 'true');
    assert.equal(byName['listCostNano'], '1500');
    assert.equal(byName['chargedCostUsd'], '0.000002250');
    assert.equal(byName['upstreamCostUsd'], '0.000000750');
    assert.equal(byName['ts'], String(row.ts));
    assert.equal(byName['tsIso'], '2025-03-14T10:30:00.000Z');
    assert.deepEqual(JSON.parse(jsonLine(row)), row);
    assert.deepEqual(Object.keys(JSON.parse(jsonLine(row)) as object), LEDGER_COLUMNS.map(([f]) => f));
  });
});
