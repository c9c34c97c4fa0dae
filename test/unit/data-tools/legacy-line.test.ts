// Lines of the original CCGate's usage files: what is accepted, each kind of bad line and its
// reason (never the line's content), timestamp forms, and stable derived request ids.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { legacyRequestId } from '../../../src/accounting/legacy-import/legacy-request-id.js';
import { parseLegacyLine, type LegacyLineResult } from '../../../src/accounting/legacy-import/parse-legacy-line.js';
import { GOOD_LINE, GOOD_RECORD } from './legacy-fixtures.js';

function parse(over: Record<string, unknown>, folderTenant?: string): LegacyLineResult {
  return parseLegacyLine(JSON.stringify({ ...GOOD_LINE, ...over }), folderTenant);
}

function reasonOf(r: LegacyLineResult): string {
  assert.equal(r.ok, false, 'expected the line to be skipped');
  return r.ok ? '' : r.reason;
}

function recordOf(r: LegacyLineResult) {
  if (!r.ok) assert.fail(`expected a record, got: ${r.reason}`);
  return r.record;
}

describe('a good legacy line', () => {
  it('keeps every field the ledger uses', () => {
    assert.deepEqual(recordOf(parse({})), GOOD_RECORD);
  });

  it('treats absent optional fields as unknown or zero', () => {
    const r = recordOf(parse({ requestId: undefined, cacheCreationTokens: undefined, cacheReadTokens: null, duration: undefined, upstream: null, userAgent: '', totalCost: 'n/a' }));
    assert.equal(r.requestId, undefined);
    assert.equal(r.cacheCreationTokens, 0);
    assert.equal(r.cacheReadTokens, 0);
    assert.equal(r.durationMs, 0);
    assert.equal(r.upstream, null);
    assert.equal(r.userAgent, null);
    assert.equal(r.originalTotalCostUsd, undefined);
  });

  it('takes the tenant from the line, else from the folder the file sits in', () => {
    assert.equal(recordOf(parse({}, 'folder-tenant')).tenantId, 'alice');
    assert.equal(recordOf(parse({ tenantId: undefined }, 'folder-tenant')).tenantId, 'folder-tenant');
    assert.equal(reasonOf(parse({ tenantId: undefined })), 'missing tenantId');
  });
});

describe('timestamps', () => {
  const ts = (v: unknown) => parse({ timestamp: v });
  it('accepts ISO 8601 with Z, with an offset, with any fraction, and epoch milliseconds', () => {
    assert.equal(recordOf(ts('2025-09-01T08:00:00Z')).ts, Date.UTC(2025, 8, 1, 8));
    assert.equal(recordOf(ts('2025-09-01T10:00:00.250+02:00')).ts, Date.UTC(2025, 8, 1, 8, 0, 0, 250));
    assert.equal(recordOf(ts('2025-09-01T03:30-04:30')).ts, Date.UTC(2025, 8, 1, 8));
    assert.equal(recordOf(ts('2025-09-01T08:00:00.123456Z')).ts, Date.UTC(2025, 8, 1, 8, 0, 0, 123));
    assert.equal(recordOf(ts(1756713600123)).ts, 1756713600123);
  });

  it('rejects a zone-less time, an impossible date, epoch seconds, fractions and other forms', () => {
    for (const bad of ['2025-09-01T08:00:00', '2025-02-30T08:00:00Z', '2025-09-01T24:00:00Z', '2025-09-01T08:00:00+25:00', 'Sep 1 2025', '1756713600000', '', 1756713600, 1756713600123.5, -1, true, {}]) {
      assert.equal(reasonOf(ts(bad)), 'timestamp must be ISO 8601 with a zone (Z or ±hh:mm) or epoch milliseconds', `timestamp ${JSON.stringify(bad)}`);
    }
  });
});

describe('bad lines are skipped with a reason', () => {
  it('invalid JSON, and JSON that is not an object', () => {
    assert.equal(reasonOf(parseLegacyLine('{"requestId":"req_1","timestamp":"2025-09-01T', undefined)), 'invalid JSON');
    assert.equal(reasonOf(parseLegacyLine('not json at all', undefined)), 'invalid JSON');
    for (const text of ['[1,2]', '42', 'null', '"text"']) assert.equal(reasonOf(parseLegacyLine(text, undefined)), 'not a JSON object', text);
  });

  it('each missing required field', () => {
    for (const key of ['timestamp', 'model', 'inputTokens', 'outputTokens', 'statusCode']) {
      assert.equal(reasonOf(parse({ [key]: undefined })), `missing ${key}`);
      assert.equal(reasonOf(parse({ [key]: null })), `missing ${key}`, `${key}: null`);
    }
    assert.equal(reasonOf(parse({ model: '' })), 'missing model');
  });

  it('wrong types and impossible values', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ inputTokens: '1000' }, 'inputTokens must be a non-negative integer'],
      [{ outputTokens: -1 }, 'outputTokens must be a non-negative integer'],
      [{ cacheReadTokens: 1.5 }, 'cacheReadTokens must be a non-negative integer'],
      [{ cacheCreationTokens: 2 ** 60 }, 'cacheCreationTokens must be a non-negative integer'],
      [{ statusCode: '200' }, 'statusCode must be a non-negative integer'],
      [{ statusCode: 42 }, 'statusCode must be an HTTP status (100-599)'],
      [{ model: 7 }, 'model must be a string'],
      [{ requestId: 123 }, 'requestId must be a string'],
      [{ tenantId: ['alice'] }, 'tenantId must be a string'],
      [{ duration: 'slow' }, 'duration must be a non-negative number'],
      [{ userAgent: { name: 'x' } }, 'userAgent must be a string'],
    ];
    for (const [over, reason] of cases) assert.equal(reasonOf(parse(over)), reason, JSON.stringify(over));
  });

  it('never repeats the content of the line in the reason', () => {
    const secret = 'SECRET-USER-AGENT-sk-ant-123';
    for (const over of [{ userAgent: secret, inputTokens: secret }, { model: secret, statusCode: secret }, { timestamp: secret }]) {
      const reason = reasonOf(parse(over));
      assert.ok(!reason.includes('SECRET'), reason);
    }
    assert.ok(!reasonOf(parseLegacyLine(`{"userAgent":"${secret}",`, undefined)).includes('SECRET'));
  });
});

describe('derived request ids', () => {
  const origin = { tenantId: 'alice', fileName: '2025-09-01.json', text: '{"model":"x"}', occurrence: 0 };
  it('are the same for the same line every time, and shaped for the ledger', () => {
    const id = legacyRequestId(origin);
    assert.equal(legacyRequestId({ ...origin }), id);
    assert.match(id, /^legacy_[0-9a-f]{32}$/);
  });

  it('differ by tenant, file, content and repeat of an identical line', () => {
    const ids = new Set([
      legacyRequestId(origin),
      legacyRequestId({ ...origin, tenantId: 'bob' }),
      legacyRequestId({ ...origin, fileName: '2025-09-02.json' }),
      legacyRequestId({ ...origin, text: '{"model":"y"}' }),
      legacyRequestId({ ...origin, occurrence: 1 }),
    ]);
    assert.equal(ids.size, 5);
  });
});
