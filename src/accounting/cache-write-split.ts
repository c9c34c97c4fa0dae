// Splits a request's cache writes into 5-minute and 1-hour tokens (shared/reference/pricing.md):
// 1h writes at the 1h rate; whatever the split leaves of cache_creation_input_tokens at the 5m rate
// (older upstreams report no split at all); a split larger than the total is trusted over the total.
import type { Usage } from '../domain/usage.js';

/** Cache-write tokens per lifetime, each token counted once. */
export interface CacheWriteSplit {
  write5mTokens: number;
  write1hTokens: number;
  /** The reported split added up to more than `cacheCreationTokens` (the split was used). */
  splitExceedsTotal: boolean;
}

/** Cache writes by lifetime; the 5m part absorbs any remainder the split does not account for. */
export function splitCacheWrites(usage: Usage): CacheWriteSplit {
  const split = usage.cacheWrite5mTokens + usage.cacheWrite1hTokens;
  return {
    write5mTokens: Math.max(usage.cacheWrite5mTokens, usage.cacheCreationTokens - usage.cacheWrite1hTokens),
    write1hTokens: usage.cacheWrite1hTokens,
    splitExceedsTotal: split > usage.cacheCreationTokens,
  };
}
