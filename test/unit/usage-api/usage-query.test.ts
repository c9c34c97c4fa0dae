// Usage API parameters: ranges in epoch ms or ISO, defaults, limits, and 400s that name the
// parameter for anything unknown, repeated, reversed or too long.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/domain/errors.js';
import { DEFAULT_RECENT_LIMIT, parseBucket, parseLimit, parseRange, readParams } from '../../../src/http/routes/usage-query.js';

const NOW = Date.UTC(2026, 4, 10, 12, 0);
const DAY = 86_400_000;

function params(query: string, allowed = ['from', 'to', 'tenantId', 'bucket', 'limit']) {
  return readParams(`?${query}`, allowed);
}

function bad(fn: () => unknown, param: string, message: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof GatewayError && err.status === 400 && err.param === param && message.test(err.message));
}

describe('usage query parameters', () => {
  it('defaults to the 24 hours before now', () => {
    assert.deepEqual(parseRange(params(''), NOW), { from: NOW - DAY, to: NOW });
  });

  it('accepts epoch ms and ISO dates, with or without a time and zone', () => {
    assert.deepEqual(parseRange(params(`from=${NOW - 5000}&to=${NOW}`), NOW), { from: NOW - 5000, to: NOW });
    assert.deepEqual(parseRange(params('from=2026-05-01&to=2026-05-02T06:00:00Z'), NOW), { from: Date.UTC(2026, 4, 1), to: Date.UTC(2026, 4, 2, 6) });
    assert.equal(parseRange(params('from=2026-05-01T02:00:00%2B02:00&to=2026-05-02'), NOW).from, Date.UTC(2026, 4, 1));
    assert.deepEqual(parseRange(params('from=2026-05-09'), NOW), { from: Date.UTC(2026, 4, 9), to: NOW });
  });

  it('refuses bad values with a message naming the parameter', () => {
    bad(() => parseRange(params('from=yesterday'), NOW), 'from', /"from" must be epoch milliseconds/);
    bad(() => parseRange(params('to=2026-13-45'), NOW), 'to', /"to"/);
    bad(() => parseRange(params('to=2026-05-02T06:00:00'), NOW), 'to', /with a zone/);
    bad(() => parseRange(params(`from=${NOW}&to=${NOW - 1}`), NOW), 'from', /before "to"/);
    bad(() => parseRange(params(`from=${NOW - 401 * DAY}&to=${NOW}`), NOW), 'from', /at most 400 days/);
    assert.doesNotThrow(() => parseRange(params(`from=${NOW - 400 * DAY}&to=${NOW}`), NOW));
  });

  it('refuses unknown and repeated parameters', () => {
    bad(() => params('tenant=bob', ['from', 'to', 'tenantId']), 'tenant', /Unknown query parameter "tenant"/);
    bad(() => params('tenantId=a&tenantId=b'), 'tenantId', /more than once/);
  });

  it('picks hour buckets up to two days, day buckets beyond, and caps hourly ranges', () => {
    assert.equal(parseBucket(params(''), { from: NOW - 2 * DAY, to: NOW }), 'hour');
    assert.equal(parseBucket(params(''), { from: NOW - 3 * DAY, to: NOW }), 'day');
    assert.equal(parseBucket(params('bucket=day'), { from: NOW - DAY, to: NOW }), 'day');
    bad(() => parseBucket(params('bucket=minute'), { from: NOW - DAY, to: NOW }), 'bucket', /"hour" or "day"/);
    bad(() => parseBucket(params('bucket=hour'), { from: NOW - 32 * DAY, to: NOW }), 'bucket', /at most 31 days/);
  });

  it('limit: default, bounds and junk', () => {
    assert.equal(parseLimit(params('')), DEFAULT_RECENT_LIMIT);
    assert.equal(parseLimit(params('limit=1')), 1);
    assert.equal(parseLimit(params('limit=1000')), 1000);
    for (const v of ['0', '1001', '-1', '2.5', 'ten']) bad(() => parseLimit(params(`limit=${v}`)), 'limit', /whole number from 1 to 1000/);
  });
});
