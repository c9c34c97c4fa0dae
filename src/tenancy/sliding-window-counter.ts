// Requests per window per key, counted exactly with a log of recent timestamps (at most `limit`
// entries per key, so memory is bounded by the configured limits).

export class SlidingWindowCounter {
  private readonly logs = new Map<string, number[]>();

  constructor(private readonly windowMs: number) {}

  /** Records one event for `key` if fewer than `limit` happened in the window; else ms to wait. */
  tryTake(key: string, limit: number, now: number): number | undefined {
    let log = this.logs.get(key);
    if (!log) {
      log = [];
      this.logs.set(key, log);
    }
    while (log.length && log[0]! <= now - this.windowMs) log.shift();
    if (log.length >= limit) return log[0]! + this.windowMs - now;
    log.push(now);
    return undefined;
  }

  /** Events of `key` in the window ending at `now`, without recording one (read-only). */
  count(key: string, now: number): number {
    const log = this.logs.get(key);
    if (!log) return 0;
    let n = 0;
    for (let i = log.length - 1; i >= 0 && log[i]! > now - this.windowMs; i--) n++;
    return n;
  }
}
