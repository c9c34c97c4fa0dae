// How each kind of failure affects an upstream, and for how long. Written as data plus small
// pure functions so the numbers are visible in one place and testable without a tracker.
import {
  ACCOUNT_REFUSED_COOLDOWN_MS,
  AUTH_REJECTED_COOLDOWN_MS,
  BACKOFF_BASE_MS,
  BACKOFF_FACTOR,
  BACKOFF_MAX_MS,
  ERROR_WINDOW_OUTCOMES,
  LATENCY_EWMA_ALPHA,
  RATE_LIMIT_DEFAULT_COOLDOWN_MS,
  RATE_LIMIT_MAX_COOLDOWN_MS,
} from './routing-defaults.js';
import type { FailureReason } from './types.js';

/** Tunables of the health tracker. */
export interface HealthPolicy {
  backoffBaseMs: number;
  backoffFactor: number;
  backoffMaxMs: number;
  rateLimitDefaultCooldownMs: number;
  rateLimitMaxCooldownMs: number;
  authRejectedCooldownMs: number;
  accountRefusedCooldownMs: number;
  errorWindowOutcomes: number;
  latencyEwmaAlpha: number;
}

/** The defaults (routing-defaults.ts). */
export const DEFAULT_HEALTH_POLICY: Readonly<HealthPolicy> = {
  backoffBaseMs: BACKOFF_BASE_MS,
  backoffFactor: BACKOFF_FACTOR,
  backoffMaxMs: BACKOFF_MAX_MS,
  rateLimitDefaultCooldownMs: RATE_LIMIT_DEFAULT_COOLDOWN_MS,
  rateLimitMaxCooldownMs: RATE_LIMIT_MAX_COOLDOWN_MS,
  authRejectedCooldownMs: AUTH_REJECTED_COOLDOWN_MS,
  accountRefusedCooldownMs: ACCOUNT_REFUSED_COOLDOWN_MS,
  errorWindowOutcomes: ERROR_WINDOW_OUTCOMES,
  latencyEwmaAlpha: LATENCY_EWMA_ALPHA,
};

/**
 * What a failure says about the upstream: `backoff` (broken for now, exponential cooldown),
 * `rate_limit` (cool down for its retry-after), `auth` (key rejected, long cooldown), `account`
 * (balance or quota used up: its retry-after or a long cooldown, not lifted by a probe) or `none`
 * (the request or the client was at fault, the upstream is fine — one tenant's request must never
 * take an upstream away from the others).
 */
export type FailureEffect = 'backoff' | 'rate_limit' | 'auth' | 'account' | 'none';

/** The effect of a failure reason on the upstream's health. */
export function failureEffect(reason: FailureReason | 'probe_failed'): FailureEffect {
  switch (reason) {
    case 'connect_error':
    case 'connect_timeout':
    case 'first_byte_timeout':
    case 'idle_timeout':
    case 'total_timeout':
    case 'stream_cut':
    case 'overloaded':
    case 'server_error':
    case 'invalid_response':
    case 'response_too_large':
    case 'probe_failed':
      return 'backoff';
    case 'rate_limited':
      return 'rate_limit';
    case 'auth_rejected':
      return 'auth';
    case 'account_refused':
      return 'account';
    case 'model_unavailable':
    case 'client_error':
    case 'client_aborted':
      return 'none';
    default: {
      const unknown: never = reason;
      throw new Error(`Unknown failure reason: ${String(unknown)}`);
    }
  }
}

/** Cooldown after the `level`-th consecutive failure (1 → base, 2 → base·factor …, capped). */
export function backoffMs(level: number, policy: HealthPolicy): number {
  // The exponent is bounded so a long outage cannot overflow to Infinity before the cap applies.
  const exponent = Math.min(Math.max(level, 1) - 1, 64);
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * policy.backoffFactor ** exponent);
}

/** Cooldown for an account-level refusal: its retry-after when it sent one (capped), else the long default. */
export function accountCooldownMs(retryAfterMs: number | undefined, policy: HealthPolicy): number {
  return retryAfterMs === undefined ? policy.accountRefusedCooldownMs : Math.min(policy.rateLimitMaxCooldownMs, Math.max(0, retryAfterMs));
}

/** Cooldown for a 429: its retry-after (default when absent), capped. */
export function rateLimitCooldownMs(retryAfterMs: number | undefined, policy: HealthPolicy): number {
  const asked = retryAfterMs ?? policy.rateLimitDefaultCooldownMs;
  return Math.min(policy.rateLimitMaxCooldownMs, Math.max(0, asked));
}
