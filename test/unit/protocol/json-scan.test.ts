// The pre-parse scan of request bodies (issue 11 point 8): its depth and duplicate-key verdicts
// must match what JSON.parse would see, including for strings full of braces, quotes, escaped
// quotes, backslashes and any Unicode, and for keys written with escapes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { scanJson } from '../../../src/protocol/json-scan.js';

const WATCHED = new Set(['model', 'stream', 'max_tokens', 'metadata']);
const scan = (text: string, maxDepth = 64) => scanJson(Buffer.from(text, 'utf8'), maxDepth, WATCHED);

/** Nesting depth as JSON.parse builds it: a scalar is 0, a container 1 + its deepest child. */
function depthOf(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const children = Array.isArray(v) ? v : Object.values(v);
  return 1 + children.reduce<number>((m, c) => Math.max(m, depthOf(c)), 0);
}

/** A JSON string literal for `s` with some characters written as \u escapes (chosen by `mask`). */
function escapedLiteral(s: string, mask: number): string {
  let out = '';
  [...s].forEach((ch, i) => {
    const code = ch.codePointAt(0)!;
    if (code <= 0xffff && (mask >> i % 31) & 1) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += JSON.stringify(ch).slice(1, -1);
  });
  return `"${out}"`;
}

describe('scanJson', () => {
  it('reports depth beyond the limit, counting the top-level value as 1', () => {
    assert.equal(scan('[[[]]]', 3), undefined);
    assert.deepEqual(scan('[[[[]]]]', 3), { kind: 'too_deep', maxDepth: 3 });
    assert.deepEqual(scan('{"a":{"b":{"c":{}}}}', 3), { kind: 'too_deep', maxDepth: 3 });
    assert.equal(scan('"[[[[[[[["', 1), undefined, 'brackets inside a string do not nest');
  });

  it('finds a duplicate watched key at the top level only, in raw and escaped spellings', () => {
    assert.deepEqual(scan('{"model":"a","model":"b"}'), { kind: 'duplicate_key', key: 'model' });
    assert.deepEqual(scan('{"model":"a","mod\\u0065l":"b"}'), { kind: 'duplicate_key', key: 'model' });
    assert.deepEqual(scan('{ "stream" : true ,\n\t"stream":false}'), { kind: 'duplicate_key', key: 'stream' });
    assert.equal(scan('{"model":"a","x":{"model":"b"},"y":[{"model":"c"}]}'), undefined, 'nested keys are not top-level');
    assert.equal(scan('{"temperature":1,"temperature":2}'), undefined, 'not a watched key');
    assert.equal(scan('[{"model":"a"},{"model":"b"}]'), undefined, 'a top-level array has no keys');
    assert.equal(scan('{"a":"model","model":"x"}'), undefined, 'a value is not a key');
  });

  it('is not fooled by quotes, escaped quotes, backslashes and braces inside strings', () => {
    const tricky = [
      '{"a":"\\"model\\":1,{\\"model\\":2}","model":"x"}',
      '{"a":"\\\\","model":"x","b":"}{][,"}',
      '{"a":"\\\\\\"model\\":","model":"x"}',
      '{"a":"日本語 \\ud83d\\ude00 \u{1F600} {\\"","model":"x","b":"\\u0022model\\u0022"}',
    ];
    for (const text of tricky) {
      JSON.parse(text); // the case itself is valid JSON
      assert.equal(scan(text), undefined, text);
      const doubled = `${text.slice(0, -1)},"model":"y"}`;
      assert.deepEqual(scan(doubled), { kind: 'duplicate_key', key: 'model' }, doubled);
    }
  });

  it('agrees with JSON.parse about depth for any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 9 }), (value, limit) => {
        const text = JSON.stringify(value);
        const verdict = scan(text, limit);
        assert.equal(verdict?.kind === 'too_deep', depthOf(value) > limit, text);
        if (verdict?.kind === 'duplicate_key') assert.fail(`no duplicates in ${text}`);
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it('finds exactly the watched keys JSON.parse would see twice (property)', () => {
    const key = fc.oneof(fc.constantFrom('model', 'stream', 'max_tokens', 'metadata', 'mode', 'models', 'x'), fc.string({ unit: 'binary', maxLength: 6 }));
    const entry = fc.tuple(key, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const text = `{${entries.map(([k, mask, v]) => `${escapedLiteral(k, mask)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
        JSON.parse(text);
        const seen = new Set<string>();
        let expected: string | undefined;
        for (const [k] of entries) {
          if (!WATCHED.has(k)) continue;
          if (seen.has(k)) {
            expected = k;
            break;
          }
          seen.add(k);
        }
        const verdict = scan(text);
        assert.deepEqual(verdict, expected === undefined ? undefined : { kind: 'duplicate_key', key: expected }, text);
      }),
      { seed: 12, numRuns: 500 },
    );
  });

  it('leaves malformed JSON to JSON.parse (no verdict, no throw)', () => {
    for (const text of ['{"model":"a', '{"model":"a","model', '', '}}}}', '{"a":"\\']) assert.equal(scan(text), undefined, text);
  });
});
