// Which upstreams can serve a request at all: enabled, and serving its model (with the model name
// each one expects). Cooldowns, tiers and weights are applied per attempt by the plan.
import type { UpstreamConfig } from '../config/types.js';
import { matchesModelPattern } from '../domain/model-pattern.js';

/** An upstream that serves the requested model. */
export interface RouteCandidate {
  upstream: UpstreamConfig;
  /** Model name to send to it. */
  upstreamModel: string;
}

/** The model name to send to `upstream` for `model`, or undefined when it does not serve it. */
export function upstreamModelFor(upstream: UpstreamConfig, model: string): string | undefined {
  if (!upstream.models) return model;
  for (const rule of upstream.models) if (matchesModelPattern(rule.pattern, model)) return rule.rename ?? model;
  return undefined;
}

/** Enabled upstreams serving `model`, in config order. */
export function servingCandidates(upstreams: readonly UpstreamConfig[], model: string): RouteCandidate[] {
  const out: RouteCandidate[] = [];
  for (const upstream of upstreams) {
    if (!upstream.enabled) continue;
    const upstreamModel = upstreamModelFor(upstream, model);
    if (upstreamModel !== undefined) out.push({ upstream, upstreamModel });
  }
  return out;
}
