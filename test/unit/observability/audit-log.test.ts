// The audit log file: entries newest first, read backwards across chunk boundaries, a line cut by
// a crash skipped, rotation at the size cap keeping one older file, mode 0600.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import { AUDIT_MAX_READ, AuditLog } from '../../../src/observability/audit-log.js';
import { tempDir } from '../../support/gateway-process.js';

function entry(i: number) {
  return { actor: 'admin:root', action: 'tenant.update', target: `t${i}`, changes: { name: [`old ${i}`, `new ${i} ${'x'.repeat(i % 300)}`] as [unknown, unknown] } };
}

test('newest first, across many 64 KB chunks, and capped', () => {
  const dir = tempDir();
  const clock = new ManualClock();
  const log = new AuditLog(dir, clock);
  for (let i = 0; i < 1500; i++) {
    log.append(entry(i));
    clock.advance(1000);
  }
  assert.ok(statSync(log.file).size > 3 * 64 * 1024, 'the file spans several chunks');
  assert.equal(statSync(log.file).mode & 0o777, 0o600);
  const newest = log.newest(900);
  assert.equal(newest.length, 900);
  assert.deepEqual(newest.slice(0, 3).map((e) => e.target), ['t1499', 't1498', 't1497']);
  assert.deepEqual(newest.map((e) => e.target), Array.from({ length: 900 }, (_, k) => `t${1499 - k}`));
  assert.equal(newest[0]!.time, new Date(newest[0]!.ts).toISOString());
  assert.equal(log.newest(5000).length, AUDIT_MAX_READ);
  assert.deepEqual(log.newest(0), []);
});

test('a line cut by a crash is skipped, and the next entry starts on its own line', () => {
  const dir = tempDir();
  const log = new AuditLog(dir, new ManualClock());
  log.append(entry(1));
  appendFileSync(log.file, '{"ts":1,"actor":"admin:x","act');
  log.append(entry(2));
  assert.deepEqual(log.newest(10).map((e) => e.target), ['t2', 't1']);
});

test('rotates at the size cap, keeping one older file; reads continue into it', () => {
  const dir = tempDir();
  const log = new AuditLog(dir, new ManualClock(), 2_000);
  for (let i = 0; i < 40; i++) log.append(entry(i));
  assert.ok(statSync(log.file).size <= 2_000);
  assert.ok(existsSync(join(dir, 'audit.1.jsonl')));
  const all = readFileSync(join(dir, 'audit.1.jsonl'), 'utf8') + readFileSync(log.file, 'utf8');
  const kept = all.trim().split('\n').length;
  assert.ok(kept < 40, 'older entries beyond two files are gone');
  const read = log.newest(100);
  assert.equal(read.length, kept);
  assert.deepEqual(read.map((e) => e.target), Array.from({ length: kept }, (_, k) => `t${39 - k}`));
});

test('an empty or missing log reads as no entries', () => {
  assert.deepEqual(new AuditLog(tempDir(), new ManualClock()).newest(10), []);
});
