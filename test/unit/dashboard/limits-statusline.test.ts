// Limit cards (pace, projection, the rolling window's reset), the status line's text, and the
// proxy headers the gateway reads (right-most entry only: spoofed entries choose nothing).
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { activityByTenant, activityQuery } from '../../../src/http/dashboard/recent-activity.js';
import { projectLimit, windowJson, type WindowSpend } from '../../../src/http/dashboard/limits-report.js';
import { clientAddress, lastListEntry, requestIsSecure, requestOrigin } from '../../../src/http/client-address.js';
import { statuslineText } from '../../../src/http/routes/statusline-text.js';
import type { AggregateRow } from '../../../src/storage/types.js';

const H = 3_600_000;
const NOW = Date.UTC(2026, 5, 1, 12);
const USD = 1e9;

function daily(usedUsd: number, limitUsd: number): WindowSpend {
  return { kind: 'daily', usedNano: usedUsd * USD, limitNano: limitUsd * USD, periodStart: Date.UTC(2026, 5, 1), resetsAt: Date.UTC(2026, 5, 2) };
}

function aggRow(bucket: number, chargedCostNano: number, requests = 1): AggregateRow {
  return { bucket, tenantId: 'alice', requests, errors: 0, inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, listCostNano: chargedCostNano, chargedCostNano, upstreamCostNano: 0, flaggedRequests: 0, lastTs: 0 };
}

describe('limit cards', () => {
  it('projects when the limit is hit at the last hour\'s pace, or null when the period resets first', () => {
    assert.equal(projectLimit(daily(6, 10), 2 * USD, NOW, Date.UTC(2026, 5, 2)), NOW + 2 * H);
    assert.equal(projectLimit(daily(6, 10), 0.1 * USD, NOW, Date.UTC(2026, 5, 2)), null, '40 h at this pace: the day ends first');
    assert.equal(projectLimit(daily(6, 10), 0, NOW, Date.UTC(2026, 5, 2)), null);
    assert.equal(projectLimit(daily(10, 10), 0, NOW, Date.UTC(2026, 5, 2)), NOW, 'already reached');
    const rolling: WindowSpend = { kind: '5h', usedNano: 1 * USD, limitNano: 3 * USD, periodStart: NOW - 5 * H, resetsAt: NOW };
    assert.equal(projectLimit(rolling, 0.5 * USD, NOW, NOW), null, 'five hours at $0.50/h stay under $3');
    assert.equal(projectLimit(rolling, 1 * USD, NOW, NOW), NOW + 2 * H);
  });

  it('activity: pace of the last hour, requests of the last minute, when the oldest 5h spend leaves', () => {
    const q = activityQuery(NOW, ['alice']);
    assert.equal(q.bucketStarts[0], NOW - 5 * H);
    assert.equal(q.bucketStarts.at(-1), NOW - 60_000);
    const last = q.bucketStarts.length - 1;
    const a = activityByTenant([aggRow(2, 100), aggRow(48, 1_000), aggRow(59, 10, 4), aggRow(last, 1, 3)], q.bucketStarts, NOW).get('alice')!;
    assert.equal(a.lastHourNano, 1_011, 'buckets from an hour ago on');
    assert.equal(a.requestsLastMinute, 3);
    assert.equal(a.rollingFreesAt, NOW - 5 * H + 3 * 5 * 60_000 + 5 * H, 'bucket 2 ends 15 minutes into the window');
    const card = windowJson({ kind: '5h', usedNano: 1_111, limitNano: 3 * USD, periodStart: NOW - 5 * H, resetsAt: NOW }, a, NOW);
    assert.equal(card.resetsAtMs, a.rollingFreesAt);
    assert.equal(card.periodStartMs, NOW - 5 * H);
    assert.equal(card.paceNanoPerHour, 1_011);
  });
});

describe('status line text', () => {
  const facts = { windows: [], todayChargedNano: 1.234 * USD, cacheHitRate: 0.8666, enabled: true };
  it('with limits: each window the tenant has, daily first', () => {
    const windows = [
      { kind: '5h' as const, usedNano: 0.4 * USD, limitNano: 3 * USD },
      { kind: 'daily' as const, usedNano: 1.23 * USD, limitNano: 10 * USD },
    ];
    assert.equal(statuslineText({ ...facts, windows }), 'CCGate $1.23/$10 today · 5h $0.40/$3 · cache 87%');
    assert.equal(statuslineText({ ...facts, windows: [{ kind: 'monthly', usedNano: 12.5 * USD, limitNano: 99.5 * USD }] }), 'CCGate $1.23 today · month $12.50/$99.50 · cache 87%');
  });
  it('without limits: today\'s spend; no cache figure without cacheable input; disabled shown', () => {
    assert.equal(statuslineText(facts), 'CCGate $1.23 today · cache 87%');
    assert.equal(statuslineText({ ...facts, cacheHitRate: null, todayChargedNano: 0 }), 'CCGate $0.00 today');
    assert.equal(statuslineText({ ...facts, enabled: false }), 'CCGate $1.23 today · cache 87% · disabled');
  });
});

function fakeReq(headers: Record<string, string | string[]>, remoteAddress = '10.0.0.9', encrypted = false): IncomingMessage {
  return { headers, socket: { remoteAddress, encrypted } } as unknown as IncomingMessage;
}

describe('proxy headers', () => {
  it('regression: the client address is the right-most X-Forwarded-For entry, so a spoofed left part chooses nothing', () => {
    const spoofed = fakeReq({ 'x-forwarded-for': '1.2.3.4, 203.0.113.7' });
    assert.equal(clientAddress(spoofed, true), '203.0.113.7');
    assert.equal(clientAddress(fakeReq({ 'x-forwarded-for': ['9.9.9.9', '203.0.113.7'] }), true), '203.0.113.7');
    assert.equal(clientAddress(spoofed, false), '10.0.0.9', 'without trustProxy the header is ignored');
    assert.equal(lastListEntry(' a ,b , '), undefined);
  });

  it('https only from TLS or a trusted proxy; the origin from Host or a trusted X-Forwarded-Host', () => {
    const proxied = fakeReq({ host: '10.0.0.2:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'gw.example.com' });
    assert.equal(requestIsSecure(proxied, true), true);
    assert.equal(requestIsSecure(proxied, false), false);
    assert.equal(requestOrigin(proxied, true), 'https://gw.example.com');
    assert.equal(requestOrigin(proxied, false), 'http://10.0.0.2:3000');
    assert.equal(requestOrigin(fakeReq({ host: 'GW.example.com:443' }, '', true), false), 'https://gw.example.com');
    assert.equal(requestOrigin(fakeReq({ host: 'evil.com/x@y' }), false), undefined, 'a Host that is not host[:port] gives no origin');
  });
});
