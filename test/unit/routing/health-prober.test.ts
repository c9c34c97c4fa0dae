// Active probes with hand-fired timers: scheduling, verdicts, timeouts, recovery and dispose.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { UpstreamConfig } from '../../../src/config/types.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { type ProbeResult, classifyProbe, createHealthProber } from '../../../src/routing/health-prober.js';
import { HealthTracker } from '../../../src/routing/health-tracker.js';
import type { UpstreamEvent } from '../../../src/routing/health-types.js';
import { AUTH_REJECTED_COOLDOWN_MS, MIN_PROBE_INTERVAL_MS } from '../../../src/routing/routing-defaults.js';
import { ManualTimers, failure, settle, upstream } from './routing-fixtures.js';

const INTERVAL_MS = 30_000;
const TIMEOUT_MS = 5_000;

/** A prober over `upstreams` whose probe answers from `answers` (by upstream id). */
function probing(upstreams: UpstreamConfig[], answers: Map<string, () => Promise<ProbeResult>>, healthCheckEnabled = true) {
  const clock = new ManualClock();
  const timers = new ManualTimers();
  const events: UpstreamEvent[] = [];
  const tracker = new HealthTracker({ clock, onEvent: (e) => events.push(e) });
  tracker.sync(upstreams);
  const signals: AbortSignal[] = [];
  const probe = (u: UpstreamConfig, signal: AbortSignal) => {
    signals.push(signal);
    return answers.get(u.id)?.() ?? Promise.resolve({ ok: true, status: 200 });
  };
  const prober = createHealthProber({ upstreams, healthCheckEnabled, tracker, clock, probe, setTimer: timers.setTimer });
  return { clock, timers, events, tracker, prober, signals };
}

const answer = (result: ProbeResult) => () => Promise.resolve(result);

describe('classifyProbe', () => {
  it('counts any HTTP answer as alive except 401/403, 429 and 5xx', () => {
    const cases: [ProbeResult, string][] = [
      [{ ok: true, status: 200 }, 'alive'],
      [{ ok: false, status: 404 }, 'alive'],
      [{ ok: false, status: 405 }, 'alive'],
      [{ ok: false, status: 400 }, 'alive'],
      [{ ok: false, status: 401 }, 'auth_rejected'],
      [{ ok: false, status: 403 }, 'auth_rejected'],
      [{ ok: false, status: 429 }, 'rate_limited'],
      [{ ok: false, status: 500 }, 'down'],
      [{ ok: false, status: 529 }, 'down'],
      [{ ok: false }, 'down'],
      [{ ok: true }, 'alive'],
    ];
    for (const [result, verdict] of cases) assert.equal(classifyProbe(result), verdict, JSON.stringify(result));
  });
});

describe('createHealthProber', () => {
  it('probes only enabled upstreams with health checks on, and nothing when the global switch is off', () => {
    const ups = [upstream('a'), upstream('b', { enabled: false }), upstream('c', { healthCheck: { enabled: false, intervalMs: 1, timeoutMs: 1, path: '/' } })];
    const on = probing(ups, new Map());
    assert.deepEqual(on.prober.upstreamIds, ['a']);
    assert.equal(on.timers.live(0).length, 1, 'first probe scheduled at once');
    const off = probing(ups, new Map(), false);
    assert.deepEqual(off.prober.upstreamIds, []);
    assert.equal(off.timers.live().length, 0);
  });

  it('takes a dead upstream out, and puts it back when it answers again', async () => {
    let result: ProbeResult = { ok: false };
    const { timers, tracker, events } = probing([upstream('a')], new Map([['a', () => Promise.resolve(result)]]));
    timers.fire(0);
    await settle();
    assert.equal(tracker.cooldownOf('a')?.reason, 'probe_failed');
    assert.equal(timers.live(INTERVAL_MS).length, 1, 'next probe after the interval');
    result = { ok: false, status: 404 }; // no /v1/models on this mirror, but it is up
    timers.fire(INTERVAL_MS);
    await settle();
    assert.equal(tracker.cooldownOf('a'), undefined);
    assert.deepEqual(events.at(-1), { type: 'recovered', upstreamId: 'a', upstreamName: 'Mirror A', via: 'probe' });
  });

  it('marks a rejected key for the long cooldown', async () => {
    const { timers, tracker, clock } = probing([upstream('a')], new Map([['a', answer({ ok: false, status: 403 })]]));
    timers.fire(0);
    await settle();
    const cooldown = tracker.cooldownOf('a');
    assert.equal(cooldown?.reason, 'auth_rejected');
    assert.equal(cooldown.untilMs - clock.now(), AUTH_REJECTED_COOLDOWN_MS);
  });

  it("does not end a 429's cooldown on an alive probe", async () => {
    const a = upstream('a');
    const { timers, tracker, clock } = probing([a], new Map([['a', answer({ ok: true, status: 200 })]]));
    clock.advance(1);
    tracker.record(a, failure('rate_limited', { status: 429, retryAfterMs: 60_000 }), clock.now());
    timers.fire(0);
    await settle();
    assert.equal(tracker.cooldownOf('a')?.reason, 'rate_limited');
  });

  it('gives up on a probe that hangs at its timeout, aborting it and marking the upstream down', async () => {
    const { timers, tracker, signals } = probing([upstream('a')], new Map([['a', () => new Promise<ProbeResult>(() => {})]]));
    timers.fire(0);
    await settle();
    assert.equal(tracker.cooldownOf('a'), undefined, 'no verdict before the timeout');
    timers.fire(TIMEOUT_MS);
    await settle();
    assert.equal(signals[0]?.aborted, true);
    assert.equal(tracker.cooldownOf('a')?.reason, 'probe_failed');
    assert.equal(timers.live(INTERVAL_MS).length, 1, 'probing goes on');
  });

  it('stops on dispose: timers cancelled, probes aborted, their failure not held against the upstream', async () => {
    let reject: (err: Error) => void = () => {};
    const { timers, tracker, prober, signals } = probing(
      [upstream('a'), upstream('b')],
      new Map([['a', () => new Promise<ProbeResult>((_, r) => (reject = r))]]),
    );
    timers.fire(0);
    await settle();
    assert.equal(timers.live(INTERVAL_MS).length, 1, 'b answered and is rescheduled');
    prober.dispose();
    assert.equal(signals[0]?.aborted, true);
    reject(new Error('aborted'));
    await settle();
    assert.equal(tracker.cooldownOf('a'), undefined);
    assert.equal(timers.live().length, 0);
  });

  it('never probes in a hot loop, even with intervalMs 0', async () => {
    const hot = upstream('a', { healthCheck: { enabled: true, intervalMs: 0, timeoutMs: TIMEOUT_MS, path: '/' } });
    const { timers } = probing([hot], new Map());
    timers.fire(0);
    await settle();
    assert.equal(timers.live(0).length, 0);
    assert.equal(timers.live(MIN_PROBE_INTERVAL_MS).length, 1);
  });

  it('does not keep the process alive (real timers are unref\'d)', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const proberUrl = new URL(`file://${join(here, '../../../src/routing/health-prober.js')}`).href;
    const trackerUrl = new URL(`file://${join(here, '../../../src/routing/health-tracker.js')}`).href;
    const script = `
      const { createHealthProber } = await import(${JSON.stringify(proberUrl)});
      const { HealthTracker } = await import(${JSON.stringify(trackerUrl)});
      const u = { id: 'a', enabled: true, healthCheck: { enabled: true, intervalMs: 600000, timeoutMs: 600000, path: '/' } };
      createHealthProber({ upstreams: [u], healthCheckEnabled: true, tracker: new HealthTracker(), clock: { now: Date.now },
        probe: () => new Promise(() => {}) });
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 10_000 });
    assert.equal(child.error, undefined, 'the child exited on its own');
    assert.equal(child.status, 0, child.stderr.toString());
  });
});
