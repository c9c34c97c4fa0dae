// The live hub with fake sinks: bounded clients, events dropped (not queued) for a client whose
// buffer is full, upstream snapshots only when changed, heartbeats, and streams closed when their
// session ends or is no longer valid.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { UpstreamRow } from '../../../src/http/dashboard/api-types.js';
import { LiveHub, type LiveSink } from '../../../src/http/dashboard/live-hub.js';
import type { LedgerRow } from '../../../src/storage/types.js';

class FakeSink extends EventEmitter {
  chunks: string[] = [];
  writableLength = 0;
  destroyed = false;
  writableEnded = false;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): this {
    if (!this.writableEnded) {
      this.writableEnded = true;
      this.emit('close');
    }
    return this;
  }
  events(type: string): number {
    return this.chunks.join('').split(`event: ${type}\n`).length - 1;
  }
}

const sink = () => new FakeSink() as FakeSink & LiveSink;

function row(requestId: string): LedgerRow {
  return { requestId, ts: 1, tenantId: 'bob', endpoint: 'anthropic', modelRequested: 'm', modelServed: 'm', upstreamId: 'up1', attempts: 1, status: 200, errorType: null, stream: false, inputTokens: 1, outputTokens: 1, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, listCostNano: 1, chargedCostNano: 1, upstreamCostNano: 1, priceFlagged: false, durationMs: 1, ttfbMs: 1, userAgent: 'secret-agent', usageEstimated: false };
}

function setup(maxClients = 32) {
  let now = 0;
  let upstreams: UpstreamRow[] = [];
  let names = 0;
  const hub = new LiveHub({ upstreams: () => upstreams, tenantName: () => (names++, 'Bob'), now: () => now, maxClients, heartbeatMs: 15_000 });
  return { hub, setNow: (t: number) => (now = t), setUpstreams: (u: UpstreamRow[]) => (upstreams = u), names: () => names };
}

describe('LiveHub', () => {
  it('refuses clients past the bound and forgets closed ones', () => {
    const { hub } = setup(2);
    const a = sink();
    assert.equal(hub.add(a, 's1', async () => true), true);
    assert.equal(hub.add(sink(), 's2', async () => true), true);
    assert.equal(hub.add(sink(), 's3', async () => true), false);
    a.end();
    assert.equal(hub.size(), 1);
    assert.equal(hub.add(sink(), 's3', async () => true), true);
    hub.close();
  });

  it('sends the upstream table at once, each request as it settles, metadata only', () => {
    const { hub } = setup();
    const a = sink();
    hub.add(a, 's1', async () => true);
    assert.equal(a.events('upstreams'), 1);
    hub.publishRow(row('r1'));
    assert.equal(a.events('request'), 1);
    assert.match(a.chunks.join(''), /"tenantName":"Bob"/);
    assert.ok(!a.chunks.join('').includes('secret-agent'));
    hub.close();
  });

  it('does nothing per request without clients', () => {
    const { hub, names } = setup();
    hub.publishRow(row('r1'));
    assert.equal(names(), 0);
  });

  it('drops events for a client whose socket buffer is full instead of queueing them', () => {
    const { hub } = setup();
    const slow = sink();
    const fast = sink();
    hub.add(slow, 's1', async () => true);
    hub.add(fast, 's2', async () => true);
    slow.writableLength = 10 * 1024 * 1024;
    for (let i = 0; i < 100; i++) hub.publishRow(row(`r${i}`));
    assert.equal(slow.events('request'), 0);
    assert.equal(fast.events('request'), 100);
    slow.writableLength = 0;
    hub.publishRow(row('after'));
    assert.equal(slow.events('request'), 1, 'delivery resumes once the buffer drained');
    hub.close();
  });

  it('sends upstreams only when they changed; heartbeats and session checks every 15 s', async () => {
    const { hub, setNow, setUpstreams } = setup();
    const a = sink();
    let valid = true;
    hub.add(a, 's1', async () => valid);
    await hub.tick();
    const first = a.events('upstreams');
    await hub.tick();
    assert.equal(a.events('upstreams'), first, 'unchanged: not sent again');
    setUpstreams([{ id: 'up1' } as UpstreamRow]);
    await hub.tick();
    assert.equal(a.events('upstreams'), first + 1);
    assert.ok(!a.chunks.join('').includes(': heartbeat'));
    setNow(15_000);
    await hub.tick();
    assert.ok(a.chunks.join('').includes(': heartbeat\n\n'));
    valid = false;
    setNow(30_000);
    await hub.tick();
    assert.equal(a.writableEnded, true, 'an expired or revoked session ends its stream');
    assert.equal(hub.size(), 0);
    hub.close();
  });

  it('ends the streams of a session that logged out, only those', () => {
    const { hub } = setup();
    const mine = sink();
    const other = sink();
    hub.add(mine, 's1', async () => true);
    hub.add(other, 's2', async () => true);
    hub.endSession('s1');
    assert.deepEqual([mine.writableEnded, other.writableEnded], [true, false]);
    hub.close();
    assert.equal(other.writableEnded, true);
  });
});
