// One keep-alive undici Pool per upstream (keyed by id and origin, so a config change of either
// gets a fresh pool). Pools of upstreams that left the config are closed after their requests end.
import { Pool } from 'undici';
import type { UpstreamConfig } from '../config/types.js';

export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();

  private static key(u: UpstreamConfig): string {
    return `${u.id}\u0000${u.origin}\u0000${u.timeouts.connectMs}\u0000${u.maxConnections}`;
  }

  /** The pool for an upstream, created on first use. */
  get(upstream: UpstreamConfig): Pool {
    const key = UpstreamPools.key(upstream);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Pool(upstream.origin, {
        // Claude streams are long: this bounds the concurrent requests to one mirror (upstreams[].maxConnections).
        connections: upstream.maxConnections,
        connect: { timeout: upstream.timeouts.connectMs },
        keepAliveTimeout: 30_000,
        pipelining: 1,
      });
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** Closes pools no longer in `upstreams` (gracefully: in-flight requests finish). */
  retain(upstreams: readonly UpstreamConfig[]): void {
    const keep = new Set(upstreams.map(UpstreamPools.key));
    for (const [key, pool] of this.pools) {
      if (!keep.has(key)) {
        this.pools.delete(key);
        void pool.close().catch(() => undefined);
      }
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(all.map((p) => p.destroy().catch(() => undefined)));
  }
}
