// Admission after authentication: requests per minute, concurrent requests and the USD budgets.
// A budget hold is placed before forwarding, with an upper-bound estimate of the request's cost,
// and replaced by the real charge when the request settles. Because a request is admitted only
// while settled spend + holds of requests in flight stays below the limit, and every hold is at
// least the request's real cost, the spend can pass a limit by at most one request's cost.
import type { TenantConfig } from '../config/types.js';
import type { Clock } from '../domain/clock.js';
import { GatewayError } from '../domain/errors.js';
import { nanoToUsd } from '../domain/money.js';
import type { BudgetStore } from '../storage/budget-types.js';
import { budgetWindows, type WindowKind } from '../domain/budget-windows.js';
import { SlidingWindowCounter } from './sliding-window-counter.js';

/** How long a hold lives if its instance dies before settling (longer than any request). */
export const HOLD_TTL_MS = 2 * 3_600_000;

const WINDOW_NAMES: Record<WindowKind, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', '5h': '5-hour' };

/** An admitted request; settle exactly once (later calls do nothing). */
export interface AdmissionTicket {
  settle(chargedNano: number, ts: number): Promise<void>;
}

export class Admission {
  private readonly inFlight = new Map<string, number>();
  private readonly perMinute = new SlidingWindowCounter(60_000);

  constructor(
    private readonly budgets: BudgetStore,
    private readonly clock: Clock,
  ) {}

  /** Admits or throws a 429 GatewayError naming the limit, the amount used and when it resets. */
  async admit(tenant: TenantConfig, requestId: string, estimateNano: number): Promise<AdmissionTicket> {
    const now = this.clock.now();
    const { limits } = tenant;
    const running = this.inFlight.get(tenant.id) ?? 0;
    if (limits.concurrentRequests !== undefined && running >= limits.concurrentRequests) {
      throw new GatewayError('rate_limited', `Concurrent request limit reached: ${running} of ${limits.concurrentRequests} in flight`, { retryAfterSec: 1 });
    }
    if (limits.requestsPerMinute !== undefined) {
      const wait = this.perMinute.tryTake(tenant.id, limits.requestsPerMinute, now);
      if (wait !== undefined) throw new GatewayError('rate_limited', `Rate limit reached: ${limits.requestsPerMinute} requests per minute`, { retryAfterSec: Math.ceil(wait / 1000) });
    }
    const windows = budgetWindows(limits, tenant.timezone, now);
    if (windows.length) {
      const refusal = await this.budgets.hold(tenant.id, windows, requestId, estimateNano, now, HOLD_TTL_MS);
      if (refusal) {
        const w = refusal.window;
        throw new GatewayError(
          'budget_exceeded',
          `${WINDOW_NAMES[w.kind]} budget exceeded: $${nanoToUsd(refusal.usedNano).toFixed(4)} used of $${nanoToUsd(w.limitNano).toFixed(4)}; resets at ${new Date(refusal.resetAt).toISOString()}`,
          { retryAfterSec: Math.max(1, Math.ceil((refusal.resetAt - now) / 1000)) },
        );
      }
    }
    this.inFlight.set(tenant.id, running + 1);
    let settled = false;
    return {
      settle: async (chargedNano, ts) => {
        if (settled) return;
        settled = true;
        const n = (this.inFlight.get(tenant.id) ?? 1) - 1;
        if (n > 0) this.inFlight.set(tenant.id, n);
        else this.inFlight.delete(tenant.id);
        if (windows.length) await this.budgets.settle(tenant.id, requestId, chargedNano, ts);
      },
    };
  }

  /** Spend of each limited window of a tenant, for usage reports. */
  async windowUsage(tenant: TenantConfig): Promise<Array<{ kind: WindowKind; usedNano: number; limitNano: number; periodStart: number; resetsAt: number }>> {
    const now = this.clock.now();
    const windows = budgetWindows(tenant.limits, tenant.timezone, now);
    const used = await this.budgets.used(tenant.id, windows, now);
    return windows.map((w, i) => ({ kind: w.kind, usedNano: used[i] ?? 0, limitNano: w.limitNano, periodStart: w.periodStart, resetsAt: w.periodEnd }));
  }

  /**
   * What a tenant uses of its rate limits now, read-only: requests in flight, and requests admitted
   * in the last minute (counted only for tenants with a requests-per-minute limit).
   */
  currentUse(tenantId: string, now: number): { inFlight: number; requestsLastMinute: number } {
    return { inFlight: this.inFlight.get(tenantId) ?? 0, requestsLastMinute: this.perMinute.count(tenantId, now) };
  }
}
