// Size rotation of the log files: past the limit the file moves to .1, older ones shift, the
// oldest beyond maxFiles is dropped, and writing goes on in a fresh file.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { rotatingDestination } from '../../../src/observability/rotating-destination.js';
import { tempDir } from '../../support/gateway-process.js';

function writeAndFlush(d: ReturnType<typeof rotatingDestination>, text: string): void {
  d.stream.write(text);
  d.stream.flushSync();
}

test('rotates by size and keeps maxFiles old files', async () => {
  const dir = tempDir();
  const d = rotatingDestination(dir, 'combined.log', 1000, 2);
  await new Promise((r) => d.stream.once('ready', r));
  const file = join(dir, 'combined.log');
  for (const tag of ['A', 'B', 'C']) {
    writeAndFlush(d, `${tag.repeat(1200)}\n`);
    const reopened = new Promise((r) => d.stream.once('ready', r));
    assert.equal(d.check(), true);
    await reopened;
  }
  writeAndFlush(d, 'D\n');
  await d.close();
  assert.equal(readFileSync(file, 'utf8'), 'D\n');
  assert.ok(readFileSync(`${file}.1`, 'utf8').startsWith('C'));
  assert.ok(readFileSync(`${file}.2`, 'utf8').startsWith('B'));
  assert.equal(existsSync(`${file}.3`), false, 'oldest dropped');
  assert.ok(statSync(`${file}.1`).size >= 1000);
});

test('a file below the limit is left alone', async () => {
  const dir = tempDir();
  const d = rotatingDestination(dir, 'access.log', 10_000, 3);
  await new Promise((r) => d.stream.once('ready', r));
  writeAndFlush(d, 'small line\n');
  assert.equal(d.check(), false);
  await d.close();
  assert.equal(existsSync(join(dir, 'access.log.1')), false);
  assert.equal(readFileSync(join(dir, 'access.log'), 'utf8'), 'small line\n');
});

test('in buffer mode (the access log) Buffers are written in order, rotated alike, and flushed on close', async () => {
  const dir = tempDir();
  const d = rotatingDestination(dir, 'access.log', 1000, 2, 'buffer');
  await new Promise((r) => d.stream.once('ready', r));
  const write = (text: string) => (d.stream.write as unknown as (b: Buffer) => boolean)(Buffer.from(text));
  const file = join(dir, 'access.log');
  write(`${'A'.repeat(1200)}\n`);
  d.stream.flushSync();
  const reopened = new Promise((r) => d.stream.once('ready', r));
  assert.equal(d.check(), true);
  await reopened;
  // below the write threshold: only the close gets these to the file
  for (let i = 0; i < 50; i++) write(`{"n":${i},"text":"日志"}\n`);
  await d.close();
  assert.ok(readFileSync(`${file}.1`, 'utf8').startsWith('AAAA'));
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { n: number; text: string });
  assert.deepEqual(lines.map((l) => l.n), Array.from({ length: 50 }, (_, i) => i));
  assert.ok(lines.every((l) => l.text === '日志'));
});
