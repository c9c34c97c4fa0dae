// Budget periods in the tenant's time zone: day, ISO week and month boundaries, DST included.
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { budgetWindows, calendarPeriod, computeCalendarPeriod, zonedMidnight } from '../../../src/domain/budget-windows.js';

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

describe('calendar periods are computed once per zone and period', () => {
  const zones = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns'];
  const kinds = ['daily', 'weekly', 'monthly'] as const;

  it('the cached answer equals a fresh computation at every step of a year, DST changes included', () => {
    const start = Date.UTC(2026, 0, 1);
    // Steps of 193 minutes walk through every hour of the day and across each zone's DST changes.
    for (let t = start; t < start + 366 * 86_400_000; t += 193 * 60_000) {
      for (const zone of zones) for (const kind of kinds) assert.deepEqual(calendarPeriod(kind, t, zone), computeCalendarPeriod(kind, t, zone), `${kind} ${zone} ${new Date(t).toISOString()}`);
    }
  });

  it('a period is reused until its end, then the next one is found (also going back in time)', () => {
    const zone = 'America/New_York';
    const jan = Date.UTC(2026, 0, 15, 12);
    const day = calendarPeriod('daily', jan, zone);
    assert.deepEqual(calendarPeriod('daily', day.end - 1, zone), day);
    assert.deepEqual(calendarPeriod('daily', day.end, zone), computeCalendarPeriod('daily', day.end, zone));
    assert.notDeepEqual(calendarPeriod('daily', day.end, zone), day);
    assert.deepEqual(calendarPeriod('daily', day.start - 1, zone), computeCalendarPeriod('daily', day.start - 1, zone));
  });
});
