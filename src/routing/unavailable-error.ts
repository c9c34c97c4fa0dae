// The answer when no upstream is left for a request: 503, or 429 when every candidate is only
// rate limited, with a retry-after that points at the soonest recovery (clients such as Claude
// Code honour it instead of hammering the gateway).
import { GatewayError } from '../domain/errors.js';
import type { Cooldown } from './health-types.js';
import { UNAVAILABLE_MIN_RETRY_AFTER_SEC } from './routing-defaults.js';

/**
 * Builds `upstreams_unavailable`. `cooldowns` has one entry per usable candidate (undefined when
 * that one is not cooling down). When some candidate is not cooling (attempts or deadline ran
 * out), a retry may succeed at once: the minimum retry-after is sent.
 */
export function unavailableError(model: string, detail: string, cooldowns: readonly (Cooldown | undefined)[], nowMs: number): GatewayError {
  const active = cooldowns.filter((c): c is Cooldown => c !== undefined && c.untilMs > nowMs);
  const allCooling = active.length > 0 && active.length === cooldowns.length;
  if (!allCooling) {
    return new GatewayError('upstreams_unavailable', `No upstream could serve model ${model}: ${detail}`, { retryAfterSec: UNAVAILABLE_MIN_RETRY_AFTER_SEC });
  }
  const soonestMs = Math.min(...active.map((c) => c.untilMs));
  const retryAfterSec = Math.max(UNAVAILABLE_MIN_RETRY_AFTER_SEC, Math.ceil((soonestMs - nowMs) / 1000));
  const allRateLimited = active.every((c) => c.reason === 'rate_limited');
  const why = allRateLimited ? 'every upstream serving it is rate limited' : 'every upstream serving it is cooling down';
  return new GatewayError('upstreams_unavailable', `No upstream could serve model ${model}: ${detail}; ${why}, retry in ${retryAfterSec}s`, {
    retryAfterSec,
    status: allRateLimited ? 429 : 503,
  });
}
