// Budget periods in the tenant's time zone: day, ISO week and month boundaries, DST included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgetWindows, calendarPeriod, zonedMidnight } from '../../../src/domain/budget-windows.js';

const iso = (ms: number) => new Date(ms).toISOString();

test('UTC day', () => {
  const p = calendarPeriod('daily', Date.parse('2026-03-10T15:00:00Z'), 'UTC');
  assert.equal(iso(p.start), '2026-03-10T00:00:00.000Z');
  assert.equal(iso(p.end), '2026-03-11T00:00:00.000Z');
});

test('Asia/Shanghai day starts at 16:00 UTC the day before', () => {
  const p = calendarPeriod('daily', Date.parse('2026-03-10T15:59:59Z'), 'Asia/Shanghai');
  assert.equal(iso(p.start), '2026-03-09T16:00:00.000Z');
  const after = calendarPeriod('daily', Date.parse('2026-03-10T16:00:00Z'), 'Asia/Shanghai');
  assert.equal(iso(after.start), '2026-03-10T16:00:00.000Z');
});

test('New York across the DST change: the day is 23 hours long', () => {
  const p = calendarPeriod('daily', Date.parse('2026-03-08T12:00:00Z'), 'America/New_York');
  assert.equal(iso(p.start), '2026-03-08T05:00:00.000Z');
  assert.equal(iso(p.end), '2026-03-09T04:00:00.000Z');
  assert.equal(iso(zonedMidnight(2026, 11, 1, 'America/New_York')), '2026-11-01T04:00:00.000Z');
});

test('ISO week starts on Monday in the tenant zone', () => {
  // 2026-03-15 is a Sunday.
  const p = calendarPeriod('weekly', Date.parse('2026-03-15T20:00:00Z'), 'UTC');
  assert.equal(iso(p.start), '2026-03-09T00:00:00.000Z');
  assert.equal(iso(p.end), '2026-03-16T00:00:00.000Z');
  // In Tokyo it is already Monday 05:00 on the 16th.
  const tokyo = calendarPeriod('weekly', Date.parse('2026-03-15T20:00:00Z'), 'Asia/Tokyo');
  assert.equal(iso(tokyo.start), '2026-03-15T15:00:00.000Z');
});

test('month boundaries, including December → January', () => {
  const p = calendarPeriod('monthly', Date.parse('2026-12-31T23:00:00Z'), 'UTC');
  assert.equal(iso(p.start), '2026-12-01T00:00:00.000Z');
  assert.equal(iso(p.end), '2027-01-01T00:00:00.000Z');
});

test('windows exist only for configured limits; a 0 limit is a window with limit 0', () => {
  const now = Date.parse('2026-03-10T10:00:00Z');
  assert.deepEqual(budgetWindows({}, 'UTC', now), []);
  const w = budgetWindows({ daily: { maxUsd: 0 }, fiveHour: { maxUsd: 1.5 } }, 'UTC', now);
  assert.deepEqual(w.map((x) => [x.kind, x.limitNano]), [['daily', 0], ['5h', 1_500_000_000]]);
  assert.equal(w[1]!.periodStart, now - 5 * 3_600_000);
});
