// Builders shared by the routing tests: configs, outcomes, a seeded PRNG and a hand-driven timer.
import assert from 'node:assert/strict';
import type { GatewayConfig, UpstreamConfig } from '../../../src/config/types.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { GatewayError } from '../../../src/domain/errors.js';
import { createRouter, type GatewayRouter } from '../../../src/routing/router.js';
import type { SetTimer } from '../../../src/routing/timer.js';
import type { Attempt, AttemptPlan, FailureReason, Outcome, RouteRequest } from '../../../src/routing/types.js';

/** An upstream with test defaults. */
export function upstream(id: string, over: Partial<UpstreamConfig> = {}): UpstreamConfig {
  return {
    id,
    name: `Mirror ${id.toUpperCase()}`,
    origin: `http://${id}.example:8080`,
    pathPrefix: '',
    key: `sk-secret-${id}`,
    authHeader: 'x-api-key',
    weight: 1,
    enabled: true,
    priority: 0,
    models: undefined,
    costMultiplier: 1,
    forwardHeaders: [],
    maxConnections: 256,
    timeouts: { connectMs: 1_000, firstByteMs: 10_000, idleMs: 10_000, totalMs: 60_000, nonStreamingFirstByteMs: 600_000, metadataMs: 30_000 },
    healthCheck: { enabled: true, intervalMs: 30_000, timeoutMs: 5_000, path: '/v1/models' },
    ...over,
  };
}

/** A gateway config around `upstreams`. */
export function gatewayConfig(upstreams: UpstreamConfig[], routing: Partial<GatewayConfig['routing']> = {}): GatewayConfig {
  return {
    configDir: '/tmp/config',
    dataDir: '/tmp/data',
    server: { port: 0, host: '127.0.0.1', maxBodyBytes: 1_000_000, shutdownGraceMs: 1_000, trustProxy: false, bodyTimeoutMs: 30_000, maxConnectionsPerClient: 256, maxJsonDepth: 64 },
    metrics: { tokenSha256: undefined, public: false },
    logging: { level: 'silent', maxFileBytes: 1_000_000, maxFiles: 1, enableConsole: false, directory: '/tmp/logs' },
    dashboard: { showUpstreamToTenants: false, publicUrl: undefined, sessionIdleMs: 7_200_000, sessionMaxMs: 43_200_000 },
    routing: {
      strategy: 'round_robin',
      failoverEnabled: true,
      healthCheckEnabled: true,
      maxAttempts: 3,
      failoverDeadlineMs: 60_000,
      cooldownBaseMs: 1_000,
      sessions: { enabled: true, idleTtlMs: 3_600_000, maxEntries: 1_000 },
      ...routing,
    },
    admin: { enabled: false, path: '/dashboard', username: 'admin', password: undefined, passwordHash: undefined },
    openai: { enabled: false, models: {}, defaultModel: undefined, defaultMaxTokens: 1_024, defaultMaxOutputTokens: 32_000 },
    storage: { databaseUrl: undefined, retentionDays: 0, sqliteCacheBytes: 16_000_000 },
    proxy: { maxResponseBytes: 64 << 20, maxDecompressedBytes: 64 << 20, maxSseFrameBytes: 16 << 20 },
    budgets: { clampMinOutputTokens: 1_024 },
    pricingOverrides: {},
    upstreams,
    tenants: [],
  };
}

/** A router on a ManualClock, with a seeded PRNG. */
export function testRouter(config: GatewayConfig, clock = new ManualClock()): { router: GatewayRouter; clock: ManualClock } {
  return { router: createRouter(config, { clock, random: seededRandom(7) }), clock };
}

/** A routed request. */
export function request(over: Partial<RouteRequest> = {}): RouteRequest {
  return { tenantId: 't1', model: 'claude-sonnet-4-5', sessionKey: undefined, ...over };
}

/** A successful outcome. */
export const success = (latencyMs = 100): Outcome => ({ kind: 'success', status: 200, latencyMs });

/** A retryable failure. */
export function failure(reason: FailureReason, extra: { status?: number; retryAfterMs?: number; latencyMs?: number } = {}): Outcome {
  return { kind: 'retryable', reason, latencyMs: 0, ...extra };
}

/** next(), asserting it is an attempt. */
export function nextAttempt(plan: AttemptPlan): Attempt {
  const next = plan.next();
  if (next instanceof GatewayError) assert.fail(`expected an attempt, got ${next.code}: ${next.message}`);
  return next;
}

/** next(), asserting it is an error. */
export function nextError(plan: AttemptPlan): GatewayError {
  const next = plan.next();
  if (!(next instanceof GatewayError)) return assert.fail(`expected an error, got upstream ${next.upstream.id}`);
  return next;
}

/** Runs one attempt to its end with `outcome`; returns the upstream id. */
export function runAttempt(plan: AttemptPlan, outcome: Outcome): string {
  const attempt = nextAttempt(plan);
  plan.begin(attempt);
  plan.end(attempt, outcome);
  return attempt.upstream.id;
}

/** mulberry32: a small deterministic PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface PendingTimer {
  callback: () => void;
  delayMs: number;
  cancelled: boolean;
}

/** Timers fired by hand. */
export class ManualTimers {
  readonly pending: PendingTimer[] = [];
  readonly setTimer: SetTimer = (callback, delayMs) => {
    const timer: PendingTimer = { callback, delayMs, cancelled: false };
    this.pending.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  };

  /** Live timers scheduled with `delayMs`. */
  live(delayMs?: number): PendingTimer[] {
    return this.pending.filter((t) => !t.cancelled && (delayMs === undefined || t.delayMs === delayMs));
  }

  /** Fires (once) every live timer with `delayMs`. */
  fire(delayMs: number): number {
    const due = this.live(delayMs);
    for (const t of due) {
      t.cancelled = true;
      t.callback();
    }
    return due.length;
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
