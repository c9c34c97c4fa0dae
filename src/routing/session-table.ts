// Which upstream each conversation is bound to: a bounded LRU with idle expiry, so memory stays
// flat however many sessions pass through, and a conversation idle past the TTL is rebalanced.
import type { Clock } from '../domain/clock.js';

/** Limits of the binding table (config.routing.sessions). */
export interface SessionTableLimits {
  maxEntries: number;
  idleTtlMs: number;
}

interface Binding {
  upstreamId: string;
  lastUsedMs: number;
}

/** Session → upstream bindings. Survives a config reload: pass it to the next router. */
export class SessionTable {
  // A Map iterates in insertion order; re-inserting on every use makes the first entry the least
  // recently used, so eviction and expiry both work from the front.
  readonly #bindings = new Map<string, Binding>();
  #limits: SessionTableLimits;

  constructor(
    limits: SessionTableLimits,
    private readonly clock: Clock,
  ) {
    this.#limits = { ...limits };
  }

  /** Applies new limits (after a reload), evicting the oldest bindings when the table shrinks. */
  configure(limits: SessionTableLimits): void {
    this.#limits = { ...limits };
    this.#prune();
  }

  /** The bound upstream id, refreshing the binding's idle time; undefined when absent or expired. */
  get(key: string): string | undefined {
    const binding = this.#bindings.get(key);
    if (!binding) return undefined;
    this.#bindings.delete(key);
    const now = this.clock.now();
    if (now - binding.lastUsedMs > this.#limits.idleTtlMs) return undefined;
    binding.lastUsedMs = now;
    this.#bindings.set(key, binding);
    return binding.upstreamId;
  }

  /** Binds (or rebinds) a session to an upstream. */
  set(key: string, upstreamId: string): void {
    this.#bindings.delete(key);
    this.#bindings.set(key, { upstreamId, lastUsedMs: this.clock.now() });
    this.#prune();
  }

  /** Forgets a binding (its upstream became unusable). */
  delete(key: string): void {
    this.#bindings.delete(key);
  }

  /** Live bindings (expired ones are dropped first). */
  get size(): number {
    this.#prune();
    return this.#bindings.size;
  }

  #prune(): void {
    const now = this.clock.now();
    for (const [key, binding] of this.#bindings) {
      const expired = now - binding.lastUsedMs > this.#limits.idleTtlMs;
      if (!expired && this.#bindings.size <= this.#limits.maxEntries) break;
      this.#bindings.delete(key);
    }
  }
}
