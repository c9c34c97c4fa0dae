// The scan of request bodies (issue 11 point 8, issue 13): its depth and duplicate-key verdicts
// must match what JSON.parse would see, including for strings full of braces, quotes, escaped
// quotes, backslashes and any Unicode, and for keys written with escapes; it must accept exactly
// the texts JSON.parse accepts (the Anthropic endpoint forwards what it accepted without parsing
// the whole of it); and the value spans it gives must parse to JSON.parse's values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { scanJson } from '../../../src/protocol/json-scan.js';

const WATCHED = new Set(['model', 'stream', 'max_tokens', 'metadata']);
const scan = (text: string, maxDepth = 64) => scanJson(Buffer.from(text, 'utf8'), maxDepth, WATCHED).problem;

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

  it('reports where malformed JSON stops being JSON, in bytes', () => {
    assert.deepEqual(scan('{"model":"a'), { kind: 'syntax', at: 11 }, 'an unterminated string ends too early');
    assert.deepEqual(scan(''), { kind: 'syntax', at: 0 });
    assert.deepEqual(scan('}}}}'), { kind: 'syntax', at: 0 });
    assert.deepEqual(scan('{"a":"\\'), { kind: 'syntax', at: 6 }, 'a backslash with nothing after it');
    assert.deepEqual(scan('{"a":1,}'), { kind: 'syntax', at: 7 }, 'a trailing comma');
    assert.deepEqual(scan('{"é":01}'), { kind: 'syntax', at: 7 }, 'a leading zero (positions count bytes)');
    assert.deepEqual(scan(`{"a":"${'x'.repeat(40)}\\x"}`), { kind: 'syntax', at: 46 }, 'a bad escape past the byte-by-byte start of a long string');
    assert.deepEqual(scan(`{"a":"${'x'.repeat(40)}\\u00e9\\n\\u0001"} x`), { kind: 'syntax', at: 63 }, 'something after the value');
    assert.deepEqual(scan(`{"a":"${'x'.repeat(40)}\u0001"}`), { kind: 'syntax', at: 46 }, 'a raw control character in a long string');
  });

  it('accepts exactly what JSON.parse accepts, on chosen cases', () => {
    // JSON texts: `\\` is a backslash in the text, `\u0001` a raw control character in it
    const cases = [
      '0', '-0', '1.5e+10', '1E-2', '-12.0e0', '01', '1.', '.5', '-', '+1', '1e', '1e+', '--1', '0x10', 'NaN', 'Infinity',
      'true', 'false', 'null', 'tru', 'nulll', 'True', 'f', '"a"', '"\\u00e9\\ud800\\uDFFF"', '"\\u12"', '"\\u12G4"', '"\\a"', '"\\\\"', '"\\/"',
      '"\\u0000"', '"\\u001f"', '"\\"', '"a\\u0009b"', `"${'y'.repeat(30)}\\u00E9${'z'.repeat(30)}"`, `"${'y'.repeat(30)}\\q"`,
      '"\u007f\u2028\u2029"', ' \t\n\r{}\r\n', '[1,2,]', '[,]', '[1 2]', '{"a" 1}', '{"a":}', '{,}', '{"a":1 "b":2}', '{1:2}', "{'a':1}",
      '{"a":1}{}', '[]]', '[[]', '{"a":[}', '{"a":{]}', '\ufeff{}', '{}\u0000', '\u000b{}', '\u000c{}', '\u00a0{}',
      '"a\u0001b"', '"tab\tin"', `"${'long '.repeat(10)}\u0007"`, `"${'long '.repeat(10)}\n"`, `{"a":"${'long '.repeat(10)}"}`,
    ];
    for (const text of cases) {
      let parsed = true;
      try {
        JSON.parse(text);
      } catch {
        parsed = false;
      }
      assert.equal(scan(text)?.kind !== 'syntax', parsed, JSON.stringify(text));
    }
  });

  it('accepts exactly what JSON.parse accepts, on mutated JSON texts (property)', () => {
    // Bytes that change what a text means: structure, strings, escapes, numbers, literals,
    // whitespace JSON has and does not have, control characters, non-ASCII.
    const pieces = ['"', '\\', ',', ':', '{', '}', '[', ']', ' ', '\n', '\t', '\r', '\u000b', '\u0001', '\u001f', '\u007f', 'e', 'E', '-', '+', '.', '0', '1', 'u', 'a', 'f', 't', 'n', 'null', '\\u', '\\u00', '\\n', 'é', '中', '\ud83d\ude00', '\u2028', '\ufeff'];
    const edit = fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...pieces));
    const text = fc.tuple(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(undefined, 1, '\t')).map(([v, indent]) => JSON.stringify(v, null, indent));
    const longStrings = fc.array(fc.string({ unit: 'binary', minLength: 10, maxLength: 60 }), { maxLength: 4 }).map((a) => JSON.stringify({ model: 'claude', a }));
    fc.assert(
      fc.property(fc.oneof(text, longStrings), fc.array(edit, { minLength: 1, maxLength: 3 }), (original, edits) => {
        let t = original;
        for (const [at, kind, piece] of edits) {
          const i = t.length === 0 ? 0 : at % (t.length + 1);
          t = kind === 'insert' ? t.slice(0, i) + piece + t.slice(i) : kind === 'delete' ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + piece + t.slice(i + 1);
        }
        // what the gateway has: the bytes, as valid UTF-8 (a lone surrogate became U+FFFD)
        const bytes = Buffer.from(t, 'utf8');
        let parsed = true;
        try {
          JSON.parse(bytes.toString('utf8'));
        } catch {
          parsed = false;
        }
        assert.equal(scanJson(bytes, 1000, WATCHED).problem === undefined, parsed, JSON.stringify(t));
      }),
      { seed: 13, numRuns: 20_000 },
    );
  });

  it('gives the bytes of each asked-for top-level value, the last one when a key repeats (property)', () => {
    const key = fc.constantFrom('model', 'speed', 'thinking', 'messages', 'x', 'sp\\u0065ed');
    const entry = fc.tuple(key, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('', ' ', '\n\t'));
    const ASKED = new Set(['model', 'speed', 'thinking', 'absent']);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const text = `{${entries.map(([k, v, ws]) => `${ws}"${k}"${ws}:${ws}${JSON.stringify(v) ?? 'null'}${ws}`).join(',')}}`;
        const expected = JSON.parse(text) as Record<string, unknown>;
        const bytes = Buffer.from(text, 'utf8');
        const { problem, isObject, spans } = scanJson(bytes, 64, new Set(), ASKED);
        assert.equal(problem, undefined, text);
        assert.equal(isObject, true);
        for (const k of ASKED) {
          const span = spans.get(k);
          assert.equal(span !== undefined, Object.hasOwn(expected, k), `${k} in ${text}`);
          if (span) assert.deepEqual(JSON.parse(bytes.toString('utf8', span.start, span.end)), expected[k], `${k} in ${text}`);
        }
        assert.equal(spans.size, [...ASKED].filter((k) => Object.hasOwn(expected, k)).length, 'only the keys asked for');
      }),
      { seed: 14, numRuns: 2_000 },
    );
  });

  it('says whether the text is an object', () => {
    assert.equal(scanJson(Buffer.from('{"a":[1]}'), 64, WATCHED).isObject, true);
    for (const text of ['[{}]', '"{}"', '1', 'null']) assert.equal(scanJson(Buffer.from(text), 64, WATCHED).isObject, false, text);
  });
});
