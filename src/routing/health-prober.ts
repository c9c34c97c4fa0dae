// Active health checks: each upstream with `healthCheck.enabled` is probed every `intervalMs`
// (when `routing.healthCheckEnabled`), so a dead mirror is taken out before a client hits it and a
// recovered one comes back without waiting out its cooldown. The HTTP request itself is injected.
import type { UpstreamConfig } from '../config/types.js';
import type { Clock } from '../domain/clock.js';
import type { HealthTracker } from './health-tracker.js';
import type { ProbeVerdict } from './health-types.js';
import { MIN_PROBE_INTERVAL_MS } from './routing-defaults.js';
import { type SetTimer, type TimerHandle, unrefSetTimer } from './timer.js';

/** What a probe saw: `status` when the upstream answered over HTTP, none when it did not. */
export interface ProbeResult {
  ok: boolean;
  status?: number;
}

/** Sends one probe (GET `healthCheck.path` with the upstream's key); abort on `signal`. */
export type ProbeFn = (upstream: UpstreamConfig, signal: AbortSignal) => Promise<ProbeResult>;

/** What the prober needs; pass `config.upstreams` and `config.routing.healthCheckEnabled`. */
export interface HealthProberOptions {
  upstreams: readonly UpstreamConfig[];
  /** config.routing.healthCheckEnabled: the global switch. */
  healthCheckEnabled: boolean;
  tracker: HealthTracker;
  clock: Clock;
  probe: ProbeFn;
  /** Defaults to an unref'd setTimeout. */
  setTimer?: SetTimer;
}

/** Running probes of one config generation. */
export interface HealthProber {
  /** Ids of the upstreams being probed. */
  readonly upstreamIds: readonly string[];
  /** Stops every timer and aborts probes in flight; their results are ignored. */
  dispose(): void;
}

/**
 * How a probe answer is read. Any HTTP answer means the mirror is up — many mirrors have no
 * `/v1/models` (404) or want POST (405), so other 4xx count as alive — except: 401/403 mean its
 * key is rejected; 429 means up but rate limited (no change: the cooldown's retry-after stands);
 * 5xx and 529 mean the mirror itself reports it is broken or overloaded. No answer = down.
 */
export function classifyProbe(result: ProbeResult): ProbeVerdict {
  const { status } = result;
  if (status === undefined) return result.ok ? 'alive' : 'down';
  if (status === 401 || status === 403) return 'auth_rejected';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'down';
  return 'alive';
}

/** Starts probing; the first probe of each upstream runs at once, the next ones every interval (at least MIN_PROBE_INTERVAL_MS). */
export function createHealthProber(options: HealthProberOptions): HealthProber {
  const setTimer = options.setTimer ?? unrefSetTimer;
  const targets = options.healthCheckEnabled ? options.upstreams.filter((u) => u.enabled && u.healthCheck.enabled) : [];
  const timers = new Map<string, TimerHandle>();
  const controllers = new Set<AbortController>();
  let disposed = false;

  const schedule = (upstream: UpstreamConfig, delayMs: number): void => {
    if (disposed) return;
    timers.set(upstream.id, setTimer(() => void runProbe(upstream), delayMs));
  };

  const runProbe = async (upstream: UpstreamConfig): Promise<void> => {
    const startedAtMs = options.clock.now();
    const result = await probeOnce(upstream);
    // Aborted by dispose(): the gateway gave up, the upstream did nothing wrong.
    if (disposed) return;
    options.tracker.recordProbe(upstream, classifyProbe(result), startedAtMs, result.status);
    schedule(upstream, Math.max(MIN_PROBE_INTERVAL_MS, upstream.healthCheck.intervalMs));
  };

  // Settles at the timeout even when the probe function ignores its signal, so one hung probe
  // cannot stop an upstream's checks for good.
  const probeOnce = (upstream: UpstreamConfig): Promise<ProbeResult> =>
    new Promise<ProbeResult>((resolve) => {
      const controller = new AbortController();
      controllers.add(controller);
      const timeout = setTimer(() => {
        controller.abort(new Error('health check timed out'));
        resolve({ ok: false });
      }, upstream.healthCheck.timeoutMs);
      options
        .probe(upstream, controller.signal)
        .then(resolve, () => resolve({ ok: false }))
        .finally(() => {
          timeout.cancel();
          controllers.delete(controller);
        });
    });

  for (const upstream of targets) schedule(upstream, 0);
  return {
    upstreamIds: targets.map((u) => u.id),
    dispose() {
      disposed = true;
      for (const timer of timers.values()) timer.cancel();
      timers.clear();
      for (const controller of controllers) controller.abort(new Error('health prober disposed'));
      controllers.clear();
    },
  };
}
