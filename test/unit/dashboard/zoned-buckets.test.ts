// Zoned bucket starts and labels: local midnights and local hours in whole-hour, half-hour and
// DST zones (23- and 25-hour days, a 30-minute DST shift), and the preset ranges.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketLabel, bucketStarts, isValidTimeZone, localMidnight, offsetSpans, presetRange, zonedBuckets, zoneOffsetMs } from '../../../src/domain/zoned-buckets.js';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('zoned buckets', () => {
  it('knows IANA zones and refuses anything else', () => {
    for (const tz of ['UTC', 'Asia/Shanghai', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) assert.equal(isValidTimeZone(tz), true, tz);
    for (const tz of ['', 'Mars/Olympus', 'Asia/Shanghai; drop', '../etc/passwd', 'x'.repeat(100)]) assert.equal(isValidTimeZone(tz), false, tz);
  });

  it('Asia/Kolkata (UTC+5:30): days start at 18:30 UTC, hours at half past', () => {
    const tz = 'Asia/Kolkata';
    assert.equal(zoneOffsetMs(Date.UTC(2026, 5, 1), tz), 5.5 * H);
    const from = localMidnight(Date.UTC(2026, 5, 10, 12), tz);
    assert.equal(iso(from), '2026-06-09T18:30:00.000Z');
    const days = bucketStarts(from, from + 3 * 24 * H, 'day', tz);
    assert.deepEqual(days.map(iso), ['2026-06-09T18:30:00.000Z', '2026-06-10T18:30:00.000Z', '2026-06-11T18:30:00.000Z']);
    assert.deepEqual(days.map((d) => bucketLabel(d, 'day', tz)), ['2026-06-10', '2026-06-11', '2026-06-12']);
    const hours = bucketStarts(from, from + 3 * H, 'hour', tz);
    assert.deepEqual(hours.map(iso), ['2026-06-09T18:30:00.000Z', '2026-06-09T19:30:00.000Z', '2026-06-09T20:30:00.000Z']);
    assert.deepEqual(hours.map((h) => bucketLabel(h, 'hour', tz)), ['2026-06-10 00:00', '2026-06-10 01:00', '2026-06-10 02:00']);
  });

  it('America/New_York spring forward: a 23-hour day without 02:00', () => {
    const tz = 'America/New_York';
    const day = localMidnight(Date.UTC(2026, 2, 8, 12), tz);
    assert.equal(iso(day), '2026-03-08T05:00:00.000Z');
    const next = localMidnight(day, tz, 1);
    assert.equal(next - day, 23 * H);
    const hours = bucketStarts(day, next, 'hour', tz);
    assert.equal(hours.length, 23);
    assert.deepEqual(hours.slice(0, 4).map((h) => bucketLabel(h, 'hour', tz)), ['2026-03-08 00:00', '2026-03-08 01:00', '2026-03-08 03:00', '2026-03-08 04:00']);
  });

  it('America/New_York fall back: a 25-hour day with 01:00 twice', () => {
    const tz = 'America/New_York';
    const day = localMidnight(Date.UTC(2026, 10, 1, 12), tz);
    const next = localMidnight(day, tz, 1);
    assert.equal(next - day, 25 * H);
    const hours = bucketStarts(day, next, 'hour', tz);
    assert.equal(hours.length, 25);
    assert.deepEqual(hours.slice(0, 4).map((h) => bucketLabel(h, 'hour', tz)), ['2026-11-01 00:00', '2026-11-01 01:00', '2026-11-01 01:00', '2026-11-01 02:00']);
    assert.deepEqual(bucketStarts(day - 24 * H, next + 24 * H, 'day', tz).map((d) => bucketLabel(d, 'day', tz)), ['2026-10-31', '2026-11-01', '2026-11-02']);
  });

  it('Australia/Lord_Howe: a 30-minute DST shift gives a 30-minute 02:00 bucket', () => {
    const tz = 'Australia/Lord_Howe';
    const day = localMidnight(Date.UTC(2026, 9, 4, 6), tz);
    const { starts, labels } = zonedBuckets(day, localMidnight(day, tz, 1), 'hour', tz);
    // 02:00 (+10:30) jumps to 02:30 (+11): 23.5 local hours in 24 buckets.
    assert.equal(starts.length, 24);
    assert.deepEqual(labels.slice(1, 4), ['2026-10-04 01:00', '2026-10-04 02:00', '2026-10-04 03:00']);
    assert.deepEqual([starts[2]! - starts[1]!, starts[3]! - starts[2]!], [H, H / 2]);
  });

  it('America/Santiago: a day whose midnight is skipped starts at the change', () => {
    const tz = 'America/Santiago';
    const { starts, labels } = zonedBuckets(Date.UTC(2026, 8, 5, 4), Date.UTC(2026, 8, 7, 12), 'day', tz);
    assert.deepEqual(labels, ['2026-09-05', '2026-09-06', '2026-09-07']);
    assert.equal(iso(starts[1]!), '2026-09-06T04:00:00.000Z', '00:00 −04 became 01:00 −03');
    assert.equal(iso(starts[2]!), '2026-09-07T03:00:00.000Z');
  });

  it('offset spans: one per offset in force, each change found to the second', () => {
    const spans = offsetSpans(Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1), 'America/New_York');
    assert.deepEqual(spans.map((s) => [iso(s.start), s.offset / H]), [['2026-01-01T00:00:00.000Z', -5], ['2026-03-08T07:00:00.000Z', -4], ['2026-11-01T06:00:00.000Z', -5]]);
    assert.equal(offsetSpans(Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1), 'Asia/Kolkata').length, 1);
  });

  it('labels of zonedBuckets match the zone\'s own formatting', () => {
    for (const tz of ['America/New_York', 'Asia/Kolkata', 'Europe/London', 'Pacific/Chatham']) {
      const { starts, labels } = zonedBuckets(Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 30), 'hour', tz);
      assert.deepEqual(labels, starts.map((s) => bucketLabel(s, 'hour', tz)), tz);
    }
  });

  it('a range that does not start on a boundary: first bucket from `from`, then whole local hours/days', () => {
    const from = Date.UTC(2026, 0, 5, 10, 37);
    assert.deepEqual(bucketStarts(from, Date.UTC(2026, 0, 5, 13), 'hour', 'UTC').map(iso), ['2026-01-05T10:37:00.000Z', '2026-01-05T11:00:00.000Z', '2026-01-05T12:00:00.000Z']);
    assert.equal(bucketLabel(from, 'hour', 'UTC'), '2026-01-05 10:00');
    assert.equal(bucketStarts(from, from + 2 * H, 'hour', 'Asia/Kolkata')[1], Date.UTC(2026, 0, 5, 10, 30) + H);
  });

  it('presets resolve in the zone: today and yesterday hourly, 7d/30d/month daily from local midnight', () => {
    const now = Date.UTC(2026, 11, 2, 20, 15); // 2026-12-03 04:15 in Shanghai, 15:15 in New York
    const sh = 'Asia/Shanghai';
    assert.deepEqual(presetRange('today', now, sh), { from: Date.UTC(2026, 11, 2, 16), to: now, bucket: 'hour' });
    assert.deepEqual(presetRange('yesterday', now, sh), { from: Date.UTC(2026, 11, 1, 16), to: Date.UTC(2026, 11, 2, 16), bucket: 'hour' });
    assert.deepEqual(presetRange('7d', now, sh), { from: Date.UTC(2026, 10, 26, 16), to: now, bucket: 'day' });
    assert.deepEqual(presetRange('30d', now, sh), { from: Date.UTC(2026, 10, 3, 16), to: now, bucket: 'day' });
    assert.deepEqual(presetRange('month', now, sh), { from: Date.UTC(2026, 10, 30, 16), to: now, bucket: 'day' });
    assert.deepEqual(presetRange('today', now, 'America/New_York'), { from: Date.UTC(2026, 11, 2, 5), to: now, bucket: 'hour' });
    const midnight = Date.UTC(2026, 11, 2, 16);
    assert.deepEqual(presetRange('today', midnight, sh), { from: midnight, to: midnight + 1, bucket: 'hour' }, 'never an empty range');
  });
});
