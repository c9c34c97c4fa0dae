// Every default of the routing core in one place, with its unit in its name, so /health, docs and
// tests quote the same numbers.

/** First cooldown after a connect error, timeout, 5xx, 529 or cut stream. */
export const BACKOFF_BASE_MS = 1_000;
/** Each further consecutive failure multiplies the cooldown by this. */
export const BACKOFF_FACTOR = 2;
/** Longest cooldown a run of failures can reach (1s, 2s, 4s … 5 min). */
export const BACKOFF_MAX_MS = 5 * 60_000;
/** Cooldown after a 429 that carried no retry-after. */
export const RATE_LIMIT_DEFAULT_COOLDOWN_MS = 30_000;
/** Longest cooldown a 429's retry-after can ask for; longer values are capped (and reported). */
export const RATE_LIMIT_MAX_COOLDOWN_MS = 60 * 60_000;
/** Cooldown after a 401/403: the upstream's key is wrong or expired, a human must act. */
export const AUTH_REJECTED_COOLDOWN_MS = 10 * 60_000;
/** Cooldown after an account-level refusal (balance or quota used up) without a retry-after. */
export const ACCOUNT_REFUSED_COOLDOWN_MS = 10 * 60_000;
/** How many recent outcomes the error rate is computed over. */
export const ERROR_WINDOW_OUTCOMES = 100;
/** Weight of the newest sample in the latency moving average (0..1). */
export const LATENCY_EWMA_ALPHA = 0.2;
/** Smallest retry-after the gateway sends when every upstream is unavailable. */
export const UNAVAILABLE_MIN_RETRY_AFTER_SEC = 1;
/** Session ids longer than this are not used as routing keys (bounded memory per binding). */
export const MAX_SESSION_ID_CHARS = 256;
/** Shortest gap between two probes of one upstream; a configured 0 would otherwise probe in a hot loop. */
export const MIN_PROBE_INTERVAL_MS = 1_000;
