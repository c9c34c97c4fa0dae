// Token usage of one request, in Anthropic's categories. Every input token is in exactly one of
// input / cache write (5m or 1h) / cache read, so nothing is ever charged twice.

/** Token counts of one request as read from the upstream's answer. */
export interface Usage {
  /** Uncached input tokens. */
  inputTokens: number;
  outputTokens: number;
  /** Total cache writes as reported (`cache_creation_input_tokens`). */
  cacheCreationTokens: number;
  /** Part of the cache writes reported with a 5-minute lifetime (may be less than the total). */
  cacheWrite5mTokens: number;
  /** Part of the cache writes reported with a 1-hour lifetime. */
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
  /** `usage.speed` when the upstream reports it ("fast" costs more). */
  speed?: string;
  /** `usage.service_tier` when reported. */
  serviceTier?: string;
}

/** A usage with every count zero. */
export function emptyUsage(): Usage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 0,
  };
}

/** Whole prompt size of the request: what tiered prices switch on. */
export function promptTokens(u: Usage): number {
  return u.inputTokens + u.cacheCreationTokens + u.cacheReadTokens;
}

/** Sum of every token kind. */
export function totalTokens(u: Usage): number {
  return promptTokens(u) + u.outputTokens;
}
