// Rows packed into columns by the read worker come back field for field: numbers (up to 2^53),
// strings, nulls and booleans, and anything that is not an array of like rows passes unchanged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packRows, packValue, transferList, unpackRows, unpackValue } from '../../../src/storage/sqlite/packed-rows.js';
import { ledgerRow } from './ledger-rows.js';

describe('packed rows', () => {
  it('round-trips ledger rows with nulls, booleans and large integers', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ledgerRow(`r${i}`, { ts: 1_700_000_000_000 + i, ttfbMs: i % 3 ? i : null, priceFlagged: i % 2 === 0, listCostNano: Number.MAX_SAFE_INTEGER - i, tenantId: i % 5 ? 't' : null }));
    const packed = packRows(rows);
    assert.ok(packed);
    assert.ok(transferList(packed).length > 0, 'numeric columns travel as transferable buffers');
    assert.deepEqual(unpackRows(structuredClone(packed)), rows);
  });

  it('leaves short arrays, unlike rows and other values as they are', () => {
    assert.equal(packRows([ledgerRow('a')]), undefined);
    const unlike = Array.from({ length: 40 }, (_, i) => (i === 39 ? { other: 1 } : { bucket: i }));
    assert.equal(packRows(unlike), undefined);
    assert.equal(packRows({ requests: 1 }), undefined);
    assert.equal(packRows(5), undefined);
    for (const v of [5, { requests: 1 }, [1, 2], null]) assert.deepEqual(unpackRows(v), v);
  });

  it('packs each row array of a list (aggregateMany) and unpacks them in order', () => {
    const long = Array.from({ length: 40 }, (_, i) => ({ bucket: i, tenantId: `t${i % 3}`, requests: i * 7 }));
    const short = [{ bucket: 0, upstreamId: 'u1', requests: 3 }];
    const value = packValue([long, short, []]);
    assert.ok(transferList(value).length > 0, 'the long one travels as buffers');
    assert.deepEqual(unpackValue(structuredClone(value)), [long, short, []]);
    assert.deepEqual(unpackValue(packValue(long)), long);
    assert.deepEqual(unpackValue(packValue(short)), short);
  });
});
