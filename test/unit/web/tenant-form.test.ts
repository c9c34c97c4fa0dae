// The dashboard's tenant form accepts what tenants.json accepts: a price multiplier of 0 (usage
// counted, nothing charged) is valid; an empty, negative or non-numeric one is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldsOf, inputOf } from '../../../web/src/views/admin/tenant-form.js';

const base = { ...fieldsOf(undefined, 'UTC'), name: 'Bob' };

test('a price multiplier of 0 is accepted and sent as 0', () => {
  const { input, errors } = inputOf({ ...base, priceMultiplier: '0' }, true);
  assert.deepEqual(errors, []);
  assert.equal(input.priceMultiplier, 0);
});

for (const bad of ['', ' ', '-1', 'abc', 'Infinity']) {
  test(`a price multiplier of ${JSON.stringify(bad)} is refused`, () => {
    assert.deepEqual(inputOf({ ...base, priceMultiplier: bad }, true).errors, [{ field: 'priceMultiplier', reason: 'multiplier' }]);
  });
}
