// Whole answers are read within the caps (issue 11): past the raw cap or the decompressed cap the
// read stops, the body is destroyed and nothing is kept.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { AbortFlag } from '../../../src/proxy/abort-flag.js';
import { DEFAULT_RESPONSE_LIMITS, readWholeAnswer } from '../../../src/proxy/read-answer.js';

/** An endless body of `piece`, counting how much was pulled from it. */
function endless(piece: Buffer): { body: Readable; pulled: () => number } {
  let n = 0;
  const body = new Readable({
    read() {
      n += piece.length;
      this.push(piece);
    },
  });
  return { body, pulled: () => n };
}

const read = (body: Readable, encoding: string | undefined, limits = DEFAULT_RESPONSE_LIMITS) => readWholeAnswer(body, encoding, limits, new AbortFlag(), () => false);

describe('reading a whole answer', () => {
  it('parses a JSON answer, plain or gzip', async () => {
    const json = { type: 'message', content: [] };
    for (const [bytes, enc] of [[Buffer.from(JSON.stringify(json)), undefined], [gzipSync(JSON.stringify(json)), 'gzip']] as const) {
      const r = await read(Readable.from([bytes]), enc);
      assert.ok(r.ok);
      if (r.ok) assert.deepEqual(r.answer.json, json);
    }
  });

  it('stops an endless body at the raw cap and destroys it', async () => {
    const { body, pulled } = endless(Buffer.alloc(64 * 1024, 'a'));
    const r = await read(body, undefined, { ...DEFAULT_RESPONSE_LIMITS, maxResponseBytes: 1 << 20 });
    assert.deepEqual(r, { ok: false, reason: 'response_too_large' });
    assert.ok(body.destroyed);
    assert.ok(pulled() <= (2 << 20), `pulled ${pulled()}`);
  });

  it('stops a gzip bomb at the decompressed cap', async () => {
    const bomb = gzipSync(Buffer.alloc(50 << 20, 'a')); // 50 MiB in ~50 KiB
    const r = await read(Readable.from([bomb]), 'gzip', { ...DEFAULT_RESPONSE_LIMITS, maxDecompressedBytes: 1 << 20 });
    assert.deepEqual(r, { ok: false, reason: 'response_too_large' });
  });

  it('a corrupt gzip body is not the protocol', async () => {
    const r = await read(Readable.from([Buffer.from('not gzip at all')]), 'gzip');
    assert.deepEqual(r, { ok: false, reason: 'invalid_response' });
  });
});
