// parseJsonObject's two ways of reading a body — the whole tree, or only the top-level keys an
// endpoint reads — must refuse the same bodies with the same 400s and agree on every value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/domain/errors.js';
import { parseJsonObject } from '../../../src/http/read-body.js';

const UNIQUE = new Set(['model', 'stream']);
const READS = new Set(['model', 'stream', 'speed', 'absent']);
const whole = (text: string | Buffer) => parseJsonObject(Buffer.isBuffer(text) ? text : Buffer.from(text), { maxDepth: 8, uniqueKeys: UNIQUE });
const keys = (text: string | Buffer) => parseJsonObject(Buffer.isBuffer(text) ? text : Buffer.from(text), { maxDepth: 8, uniqueKeys: UNIQUE, onlyKeys: READS });

/** The 400's message, or undefined when the body was read. */
function refusal(read: () => unknown): string | undefined {
  try {
    read();
    return undefined;
  } catch (err) {
    assert.ok(err instanceof GatewayError, String(err));
    assert.equal(err.status, 400);
    return err.message;
  }
}

describe('parseJsonObject', () => {
  it('reads only the asked-for keys, with the values JSON.parse gives, the last of a repeated one', () => {
    const text = `{"model":"claude-x","messages":[{"role":"user","content":"${'long text \\n\\"quoted\\" '.repeat(20)}"}],"speed":"slow","stream":true,"speed":{"a":[1,2.5e3,null]}}`;
    assert.deepEqual(keys(text), { model: 'claude-x', stream: true, speed: { a: [1, 2500, null] } });
    assert.deepEqual(whole(text), JSON.parse(text));
  });

  it('refuses the same bodies with the same message both ways', () => {
    const long = 'x'.repeat(40);
    const cases: Array<[string | Buffer, RegExp]> = [
      [`{"model":"a","messages":"${long}\u0001"}`, /not valid JSON \(at character 65\)/],
      [`{"model":"a","messages":"${long}\\q"}`, /not valid JSON \(at character 65\)/],
      [`{"model":"a","messages":"${long}`, /not valid JSON \(it ends too early\)/],
      ['{"model":"é",}', /not valid JSON \(at character 13\)/],
      ['{"model":"a","model":"b"}', /duplicate top-level key "model"/],
      [`{"model":"a","x":${'['.repeat(9)}${']'.repeat(9)}}`, /nested deeper than 8 levels/],
      ['["model"]', /must be a JSON object/],
      [Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), /not valid UTF-8/],
    ];
    for (const [body, expected] of cases) {
      const a = refusal(() => whole(body));
      const b = refusal(() => keys(body));
      assert.match(a ?? 'read', expected, String(body));
      assert.equal(b, a, String(body));
    }
  });
});
