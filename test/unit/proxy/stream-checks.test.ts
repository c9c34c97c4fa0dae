// The checks a stream passes through (issue 11): its first event before the commit point (split
// anywhere, compressed or not), the cap on one SSE frame, and the size of the output its deltas
// carry — the base of the estimate a cut or aborted stream is charged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { applyOutputEstimate, estimatedOutputTokens } from '../../../src/domain/output-estimate.js';
import { emptyUsage } from '../../../src/domain/usage.js';
import { deltaOutputBytes } from '../../../src/protocol/delta-size.js';
import { createSseReader } from '../../../src/protocol/sse.js';
import { AbortFlag } from '../../../src/proxy/abort-flag.js';
import { readFirstEvent } from '../../../src/proxy/first-event.js';
import { DEFAULT_RESPONSE_LIMITS } from '../../../src/proxy/read-answer.js';
import { createUsageTap } from '../../../src/proxy/usage-tap.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/anthropic/', import.meta.url));
const TOOL_USE = readFileSync(`${FIXTURES}tool-use.sse`);

/** A paused readable that yields `chunks`, like an undici body. */
function body(chunks: Buffer[]): Readable {
  return new Readable({
    read() {
      const next = chunks.shift();
      this.push(next ?? null);
    },
  });
}

async function drain(r: Readable): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of r) out.push(Buffer.from(c as Buffer));
  return Buffer.concat(out);
}

const first = (chunks: Buffer[], encoding?: string) => readFirstEvent(body(chunks), encoding, DEFAULT_RESPONSE_LIMITS, new AbortFlag(), () => false);

describe('first event of a stream', () => {
  it('accepts message_start split at every byte offset, and gives back the whole stream', async () => {
    for (let at = 1; at < 400; at += 7) {
      const r = await first([TOOL_USE.subarray(0, at), TOOL_USE.subarray(at)]);
      assert.equal(r.kind, 'message', `split at ${at}`);
      if (r.kind === 'message') assert.deepEqual(await drain(r.body), TOOL_USE, `split at ${at}`);
    }
  });

  it('accepts a gzip stream and gives back its compressed bytes unchanged', async () => {
    const gz = gzipSync(TOOL_USE);
    const r = await first([gz.subarray(0, 50), gz.subarray(50)], 'gzip');
    assert.equal(r.kind, 'message');
    if (r.kind === 'message') assert.deepEqual(await drain(r.body), gz);
  });

  it('skips pings and comments before message_start', async () => {
    const r = await first([Buffer.from(': keep-alive\n\nevent: ping\ndata: {"type":"ping"}\n\n'), TOOL_USE]);
    assert.equal(r.kind, 'message');
  });

  it('reads an error event first like an error status', async () => {
    const r = await first([Buffer.from('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n')]);
    assert.deepEqual(r.kind === 'error' ? [r.status, r.text] : r, [529, 'overloaded_error Overloaded']);
  });

  it('refuses what is not the protocol: other first events, non-JSON data, an empty or cut stream', async () => {
    for (const raw of ['data: hello\n\n', 'event: content_block_delta\ndata: {"type":"content_block_delta"}\n\n', 'event: message_start\ndata: {"type":"message_start"}\n\n', '', 'event: message_start\ndata: {"type":"mess']) {
      assert.deepEqual(await first([Buffer.from(raw)]), { kind: 'failed', reason: 'invalid_response' }, JSON.stringify(raw));
    }
  });

  it('stops at the frame cap when the first event never ends', async () => {
    const limits = { ...DEFAULT_RESPONSE_LIMITS, maxSseFrameBytes: 1_000 };
    const chunks = [Buffer.from('data: {"x":"'), ...Array.from({ length: 100 }, () => Buffer.alloc(100, 'a'))];
    assert.deepEqual(await readFirstEvent(body(chunks), undefined, limits, new AbortFlag(), () => false), { kind: 'failed', reason: 'response_too_large' });
  });
});

describe('SSE frame cap', () => {
  it('passes frames up to the cap, stops past it and parses nothing more', () => {
    const frames: string[] = [];
    const reader = createSseReader((f) => frames.push(f.data), 64);
    assert.equal(reader.push(Buffer.from(`data: ${'a'.repeat(40)}\n\n`)), true);
    assert.equal(reader.push(Buffer.from(`data: ${'b'.repeat(70)}`)), false);
    assert.equal(reader.overflowed, true);
    assert.equal(reader.push(Buffer.from('\n\ndata: c\n\n')), false);
    assert.deepEqual(frames, ['a'.repeat(40)]);
  });
});

describe('output of deltas', () => {
  it('counts the UTF-8 payload of text, thinking and tool-input deltas, not signatures', () => {
    const frame = (delta: object) => JSON.stringify({ type: 'content_block_delta', index: 0, delta });
    assert.equal(deltaOutputBytes(frame({ type: 'text_delta', text: 'Hello' })), 5);
    assert.equal(deltaOutputBytes(frame({ type: 'text_delta', text: '你好' })), 6);
    assert.equal(deltaOutputBytes(frame({ type: 'thinking_delta', thinking: 'hmm' })), 3);
    assert.equal(deltaOutputBytes(frame({ type: 'input_json_delta', partial_json: '{"a":1}' })), JSON.stringify('{"a":1}').length - 2);
    assert.equal(deltaOutputBytes(frame({ type: 'signature_delta', signature: 'x'.repeat(100) })), 0);
    assert.equal(deltaOutputBytes(frame({ type: 'text_delta', text: 'a "text_delta" inside' })) > 0, true);
  });

  it('estimates bytes / 4, never below the upstream count, and says when it applied', () => {
    assert.equal(estimatedOutputTokens(0), 0);
    assert.equal(estimatedOutputTokens(9), 3);
    const u = { ...emptyUsage(), outputTokens: 1 };
    assert.equal(applyOutputEstimate(u, 4_000), true);
    assert.equal(u.outputTokens, 1_000);
    const high = { ...emptyUsage(), outputTokens: 5_000 };
    applyOutputEstimate(high, 4_000);
    assert.equal(high.outputTokens, 5_000);
    assert.equal(applyOutputEstimate({ ...emptyUsage() }, 0), false);
  });

  it('the tap adds up the deltas of a recorded stream at every split point', async () => {
    const expected = TOOL_USE.toString().split('\n').filter((l) => l.startsWith('data: ') && l.includes('content_block_delta')).reduce((n, l) => n + deltaOutputBytes(l.slice(6)), 0);
    assert.ok(expected > 50);
    for (let at = 1; at < TOOL_USE.length; at += 97) {
      const tap = createUsageTap(undefined);
      tap.push(TOOL_USE.subarray(0, at));
      tap.push(TOOL_USE.subarray(at));
      const seen = await tap.finish();
      assert.equal(seen.outputBytes, expected);
      assert.equal(seen.finalUsage, true);
      assert.equal(seen.complete, true);
    }
  });

  it('the tap stops at the decompressed-size cap of a gzip bomb', async () => {
    let hit = 0;
    const tap = createUsageTap('gzip', { maxSseFrameBytes: 1 << 20, maxDecompressedBytes: 100_000, onLimit: () => hit++ });
    const member = gzipSync(Buffer.from('event: ping\ndata: {"type":"ping"}\n\n'.repeat(10_000)));
    for (let i = 0; i < 20 && tap.push(member); i++) await tap.backlog();
    const seen = await tap.finish();
    assert.equal(seen.overLimit, true);
    assert.equal(hit, 1);
  });
});
