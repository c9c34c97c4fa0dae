// Budget spend in memory, for a single gateway instance (the SQLite default). Counters are seeded
// once per period from the ledger (one indexed query when a period is first used, never per
// request) and then kept up to date by settle().
import type { UsageStore } from './types.js';
import { checkWindows, type BudgetRefusal, type BudgetStore, type HoldMode } from './budget-types.js';
import { BUCKET_MS, ROLLING_WINDOW_MS, bucketOf, type BudgetWindow } from '../domain/budget-windows.js';

interface TenantSpend {
  /**
   * Window kind → its current calendar period's start and settled nano (one period per kind: a
   * new one replaces the finished one). Keyed by kind, not a built string: nothing is allocated
   * per request to find a counter.
   */
  periods: Map<BudgetWindow['kind'], { periodStart: number; nano: number }>;
  /** 5-minute bucket start → settled nano; undefined until seeded. */
  buckets: Map<number, number> | undefined;
  holds: Map<string, { amountNano: number; expiresAt: number }>;
}

export class MemoryBudgetStore implements BudgetStore {
  private readonly tenants = new Map<string, TenantSpend>();

  constructor(private readonly ledger: Pick<UsageStore, 'chargedSince' | 'chargedByBucket'>) {}

  private spend(tenantId: string): TenantSpend {
    let s = this.tenants.get(tenantId);
    if (!s) {
      s = { periods: new Map(), buckets: undefined, holds: new Map() };
      this.tenants.set(tenantId, s);
    }
    return s;
  }

  private async seed(tenantId: string, s: TenantSpend, windows: readonly BudgetWindow[], now: number): Promise<void> {
    for (const w of windows) {
      if (w.kind === '5h') {
        if (s.buckets) continue;
        const rows = await this.ledger.chargedByBucket(tenantId, bucketOf(now - ROLLING_WINDOW_MS), BUCKET_MS);
        s.buckets ??= new Map(rows.map((r) => [r.bucket, r.nano]));
      } else if (s.periods.get(w.kind)?.periodStart !== w.periodStart) {
        const settled = await this.ledger.chargedSince(tenantId, w.periodStart);
        // The period of this kind before is finished: this one replaces it (unless a request
        // seeding the same period meanwhile got there first).
        if (s.periods.get(w.kind)?.periodStart !== w.periodStart) s.periods.set(w.kind, { periodStart: w.periodStart, nano: settled });
      }
    }
  }

  private heldNano(s: TenantSpend, now: number): number {
    let sum = 0;
    for (const [id, h] of s.holds) {
      if (h.expiresAt <= now) s.holds.delete(id);
      else sum += h.amountNano;
    }
    return sum;
  }

  private settledIn(s: TenantSpend, w: BudgetWindow, now: number): number {
    if (w.kind !== '5h') {
      const period = s.periods.get(w.kind);
      return period?.periodStart === w.periodStart ? period.nano : 0;
    }
    let sum = 0;
    const from = bucketOf(now - ROLLING_WINDOW_MS);
    const buckets = s.buckets;
    // forEach, not for-of: no [key, value] array per bucket (up to 60 per request).
    buckets?.forEach((nano, b) => {
      if (b >= from) sum += nano;
      else buckets.delete(b);
    });
    return sum;
  }

  private resetAt(s: TenantSpend, w: BudgetWindow): number {
    if (w.kind !== '5h') return w.periodEnd;
    // The rolling window frees up as its oldest bucket with spend leaves it.
    const oldest = Math.min(...[...(s.buckets ?? new Map<number, number>())].filter(([, n]) => n > 0).map(([b]) => b), w.periodEnd);
    return oldest + ROLLING_WINDOW_MS + BUCKET_MS;
  }

  async hold(tenantId: string, windows: readonly BudgetWindow[], requestId: string, amountNano: number, now: number, ttlMs: number, mode: HoldMode = 'below'): Promise<BudgetRefusal | undefined> {
    const s = this.spend(tenantId);
    await this.seed(tenantId, s, windows, now);
    const held = this.heldNano(s, now);
    const used = windows.map((w) => this.settledIn(s, w, now) + held);
    const { failing, roomNano } = checkWindows(windows, used, amountNano, mode);
    if (failing >= 0) {
      const w = windows[failing]!;
      return { window: w, usedNano: used[failing]!, resetAt: this.resetAt(s, w), roomNano };
    }
    s.holds.set(requestId, { amountNano, expiresAt: now + ttlMs });
    return undefined;
  }

  async settle(tenantId: string, requestId: string, chargedNano: number, ts: number): Promise<void> {
    const s = this.spend(tenantId);
    s.holds.delete(requestId);
    if (chargedNano <= 0) return;
    // Only periods already seeded are counted; a period seeded later reads this row from the ledger.
    for (const period of s.periods.values()) if (period.periodStart <= ts) period.nano += chargedNano;
    if (s.buckets) s.buckets.set(bucketOf(ts), (s.buckets.get(bucketOf(ts)) ?? 0) + chargedNano);
  }

  async used(tenantId: string, windows: readonly BudgetWindow[], now: number): Promise<number[]> {
    const s = this.spend(tenantId);
    await this.seed(tenantId, s, windows, now);
    const held = this.heldNano(s, now);
    return windows.map((w) => this.settledIn(s, w, now) + held);
  }

  async clear(): Promise<void> {
    this.tenants.clear();
  }

  async close(): Promise<void> {}
}
