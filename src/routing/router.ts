// Builds the Router the proxy uses. Foundation version: enabled upstreams that serve the model,
// taken in round-robin order, each at most once per request.
import type { GatewayConfig, UpstreamConfig } from '../config/types.js';
import { GatewayError } from '../domain/errors.js';
import { matchesModelPattern } from '../domain/model-pattern.js';
import type { Attempt, AttemptPlan, Router } from './types.js';

/** The model name to send to `upstream` for `model`, or undefined when it does not serve it. */
export function upstreamModelFor(upstream: UpstreamConfig, model: string): string | undefined {
  if (!upstream.models) return model;
  for (const rule of upstream.models) if (matchesModelPattern(rule.pattern, model)) return rule.rename ?? model;
  return undefined;
}

/** Creates the router for one config generation. */
export function createRouter(config: GatewayConfig): Router {
  let cursor = 0;
  return {
    plan(req) {
      const candidates: Attempt[] = [];
      for (const upstream of config.upstreams) {
        if (!upstream.enabled) continue;
        const upstreamModel = upstreamModelFor(upstream, req.model);
        if (upstreamModel !== undefined) candidates.push({ upstream, upstreamModel });
      }
      const start = cursor++;
      let tried = 0;
      const plan: AttemptPlan = {
        next() {
          if (config.upstreams.length === 0) return new GatewayError('no_upstream', 'No upstream is configured: add one to config/upstreams.json');
          if (candidates.length === 0) return new GatewayError('no_upstream', `No enabled upstream serves model ${req.model}`);
          if (tried >= candidates.length || tried >= config.routing.maxAttempts) {
            return new GatewayError('upstreams_unavailable', 'Every upstream failed for this request', { retryAfterSec: 1 });
          }
          return candidates[(start + tried++) % candidates.length]!;
        },
        begin() {},
        end() {},
      };
      return plan;
    },
  };
}
