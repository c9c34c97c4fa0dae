// The active health probe's HTTP request: GET healthCheck.path with the upstream's own key. It
// costs no tokens; how the answer is read is routing's business (classifyProbe).
import type { UpstreamConfig } from '../config/types.js';
import type { ProbeFn } from '../routing/health-prober.js';
import { upstreamRequestHeaders } from './headers.js';
import type { UpstreamPools } from './upstream-pools.js';

/** A ProbeFn that uses the upstream pools. */
export function httpProbe(pools: UpstreamPools): ProbeFn {
  return async (upstream: UpstreamConfig, signal: AbortSignal) => {
    try {
      const res = await pools.get(upstream).request({
        method: 'GET',
        path: upstream.pathPrefix + upstream.healthCheck.path,
        headers: upstreamRequestHeaders({ 'anthropic-version': '2023-06-01' }, upstream),
        headersTimeout: upstream.healthCheck.timeoutMs,
        bodyTimeout: upstream.healthCheck.timeoutMs,
        signal,
      });
      res.body.resume();
      return { ok: res.statusCode < 400, status: res.statusCode };
    } catch {
      return { ok: false };
    }
  };
}
