// In-place JSONC edits: the edited value changes, every other byte (comments, blank lines, the
// other entries' one-line or multi-line layout) stays exactly as it was.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'jsonc-parser';
import { appendItem, removeValue, replaceProperty, setValue } from '../../../src/config/jsonc-edit.js';

const FILE = `// Tenants of the team gateway.
{
  /* one per person */
  "tenants": [
    { "id": "a", "key": "ccg-aaaaaaaaaaaa" }, // Alice, one line
    {
      "id": "b",   // keep this comment
      "name": "B",

      "limits": { "daily": { "maxUSD": 5 } }
    }
  ]
}
`;

/** Asserts `after` is `before` with exactly `from` replaced by `to` (once). */
function replacedOnce(before: string, after: string, from: string, to: string): void {
  const at = before.indexOf(from);
  assert.ok(at >= 0 && before.indexOf(from, at + 1) < 0, `"${from}" occurs once`);
  assert.equal(after, before.slice(0, at) + to + before.slice(at + from.length));
}

const value = (text: string): unknown => parse(text, [], { allowTrailingComma: true });

describe('setValue', () => {
  test('replaces a value and nothing else', () => {
    replacedOnce(FILE, setValue(FILE, ['tenants', 1, 'name'], 'Bee'), '"name": "B"', '"name": "Bee"');
  });

  test('adds a property to a multi-line object on its own line, after the last one', () => {
    const out = setValue(FILE, ['tenants', 1, 'enabled'], false);
    replacedOnce(FILE, out, '"limits": { "daily": { "maxUSD": 5 } }\n', '"limits": { "daily": { "maxUSD": 5 } },\n      "enabled": false\n');
  });

  test('adds a property inline to a one-line object, its trailing comment kept', () => {
    const out = setValue(FILE, ['tenants', 0, 'enabled'], true);
    replacedOnce(FILE, out, '{ "id": "a", "key": "ccg-aaaaaaaaaaaa" }, // Alice', '{ "id": "a", "key": "ccg-aaaaaaaaaaaa", "enabled": true }, // Alice');
  });

  test('creates missing parents', () => {
    const out = setValue(FILE, ['tenants', 0, 'limits', 'weekly', 'maxUSD'], 7);
    replacedOnce(FILE, out, '"ccg-aaaaaaaaaaaa" }', '"ccg-aaaaaaaaaaaa", "limits": { "weekly": { "maxUSD": 7 } } }');
  });

  test('a nested property inside a one-line object stays on that line', () => {
    const out = setValue(FILE, ['tenants', 1, 'limits', 'weekly', 'maxUSD'], 3);
    replacedOnce(FILE, out, '{ "daily": { "maxUSD": 5 } }', '{ "daily": { "maxUSD": 5 }, "weekly": { "maxUSD": 3 } }');
  });

  test('a list of objects is written over several lines at the right indentation', () => {
    const out = setValue(FILE, ['tenants', 1, 'previousKeys'], [{ keyHash: 'sha256:00', validUntil: '2030-01-01T00:00:00.000Z' }]);
    replacedOnce(
      FILE,
      out,
      '"limits": { "daily": { "maxUSD": 5 } }\n',
      '"limits": { "daily": { "maxUSD": 5 } },\n      "previousKeys": [\n        {\n          "keyHash": "sha256:00",\n          "validUntil": "2030-01-01T00:00:00.000Z"\n        }\n      ]\n',
    );
  });

  test('keeps CRLF line endings and tab indentation', () => {
    const crlf = '{\r\n\t"tenants": [\r\n\t\t{\r\n\t\t\t"id": "x"\r\n\t\t}\r\n\t]\r\n}\r\n';
    const out = setValue(crlf, ['tenants', 0, 'name'], 'X');
    assert.equal(out, '{\r\n\t"tenants": [\r\n\t\t{\r\n\t\t\t"id": "x",\r\n\t\t\t"name": "X"\r\n\t\t}\r\n\t]\r\n}\r\n');
  });
});

describe('appendItem', () => {
  test('appends an entry over several lines after the last, leaving the others as they are', () => {
    const out = appendItem(FILE, ['tenants'], { id: 'c', keyHash: 'sha256:11' });
    replacedOnce(FILE, out, '      "limits": { "daily": { "maxUSD": 5 } }\n    }\n', '      "limits": { "daily": { "maxUSD": 5 } }\n    },\n    {\n      "id": "c",\n      "keyHash": "sha256:11"\n    }\n');
  });

  test('after a last entry with a trailing comma and a comment', () => {
    const text = '{\n  "tenants": [\n    { "id": "a" }, // note\n  ]\n}\n';
    assert.equal(appendItem(text, ['tenants'], { id: 'b' }), '{\n  "tenants": [\n    { "id": "a" }, // note\n    {\n      "id": "b"\n    }\n  ]\n}\n');
  });

  test('into an empty list, and into a file without the list', () => {
    assert.equal(appendItem('{\n  "tenants": []\n}\n', ['tenants'], { id: 'a' }), '{\n  "tenants": [\n    {\n      "id": "a"\n    }\n  ]\n}\n');
    assert.equal(appendItem('{\n  // nothing yet\n}\n', ['tenants'], { id: 'a' }), '{\n  // nothing yet\n  "tenants": [\n    {\n      "id": "a"\n    }\n  ]\n}\n');
  });
});

describe('removeValue', () => {
  test('removing the last entry keeps the comment of the one before', () => {
    const out = removeValue(FILE, ['tenants', 1]);
    assert.equal(out, FILE.replace(/\{ "id": "a", "key": "ccg-aaaaaaaaaaaa" \}, \/\/ Alice, one line\n[\s\S]*?\n    \}\n/, '{ "id": "a", "key": "ccg-aaaaaaaaaaaa" } // Alice, one line\n'));
    assert.deepEqual(value(out), { tenants: [{ id: 'a', key: 'ccg-aaaaaaaaaaaa' }] });
  });

  test('removing the first entry takes its line and its comment, nothing else', () => {
    replacedOnce(FILE, removeValue(FILE, ['tenants', 0]), '    { "id": "a", "key": "ccg-aaaaaaaaaaaa" }, // Alice, one line\n', '');
  });

  test('items on one line: neither neighbour is merged or lost', () => {
    assert.equal(removeValue('[1, 2, 3]', [2]), '[1, 2]');
    assert.equal(removeValue('[1, 2, 3]', [1]), '[1, 3]');
    assert.equal(removeValue('[1, 2, 3]', [0]), '[2, 3]');
    assert.equal(removeValue('{ "a": 1, "b": 2 }', ['b']), '{ "a": 1 }');
  });

  test('a property inside a one-line object', () => {
    replacedOnce(FILE, removeValue(FILE, ['tenants', 1, 'limits', 'daily']), '{ "daily": { "maxUSD": 5 } }', '{}');
  });

  test('a missing value is a no-op', () => {
    assert.equal(removeValue(FILE, ['tenants', 0, 'limits']), FILE);
  });
});

test('replaceProperty renames a key in place and sets its value', () => {
  replacedOnce(FILE, replaceProperty(FILE, ['tenants', 0, 'key'], 'keyHash', 'sha256:ff'), '"key": "ccg-aaaaaaaaaaaa"', '"keyHash": "sha256:ff"');
});
