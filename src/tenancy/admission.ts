// Admission after authentication: requests per minute, concurrent requests and the USD budgets.
// A budget hold is placed before forwarding and replaced by the real charge when the request
// settles. How a budget treats a request is the tenant's `budgetPolicy` (issue 11):
// - `soft`: admitted while settled spend + holds stays below the limit; the hold is an upper bound
//   of the request's cost, so spend passes a limit by at most one request's cost (today's rule).
// - `strict`: admitted only when spend + holds + the request's worst case (input estimate plus
//   max_tokens at the output price) fits under the limit; else a 429 saying what it could cost.
// - `clamp`: as strict, but when the worst case does not fit and the room left pays for a useful
//   answer, max_tokens is lowered so it fits (the ticket says to what); below that, a 429.
import type { BudgetPolicy, TenantConfig } from '../config/types.js';
import type { Clock } from '../domain/clock.js';
import { GatewayError } from '../domain/errors.js';
import { nanoToUsd } from '../domain/money.js';
import type { BudgetRefusal, BudgetStore } from '../storage/budget-types.js';
import { budgetWindows, type BudgetWindow, type WindowKind } from '../domain/budget-windows.js';
import { SlidingWindowCounter } from './sliding-window-counter.js';

/** How long a hold lives if its instance dies before settling (longer than any request). */
export const HOLD_TTL_MS = 2 * 3_600_000;
/** The policy of a tenant config built without one (load-config always sets it). */
export const DEFAULT_BUDGET_POLICY: BudgetPolicy = 'clamp';
/** When a budget store fails to settle, it is tried again after these delays (the hold expires anyway). */
export const SETTLE_RETRY_DELAYS_MS: readonly number[] = [1_000, 10_000, 60_000];

const WINDOW_NAMES: Record<WindowKind, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', '5h': '5-hour' };

/** An admitted request; settle exactly once (later calls do nothing). Settling never throws. */
export interface AdmissionTicket {
  settle(chargedNano: number, ts: number): Promise<void>;
  /** Set when the `clamp` policy lowered max_tokens: the value to send upstream. */
  clampedMaxTokens?: number;
}

/** What admission knows of a request's cost (built by the endpoint from the price book). */
export interface RequestCost {
  /** Held under `soft`: an upper bound of the cost. */
  holdNano: number;
  /** The request's max_tokens (0 when it has none). */
  maxTokens: number;
  /** Worst-case cost with `outputTokens` of output: the input estimate plus that output. */
  worstCaseNano(outputTokens: number): number;
  /** `clamp` does not go below this many output tokens (it refuses instead). */
  minUsefulTokens: number;
}

/** Options; everything has a default. */
export interface AdmissionOptions {
  /** Hears of a budget store that failed to settle (the request itself is not failed for it). */
  onSettleError?: (err: unknown, tenantId: string, requestId: string) => void;
  settleRetryDelaysMs?: readonly number[];
}

function usd(nano: number): string {
  return `$${nanoToUsd(nano).toFixed(4)}`;
}

/** The highest output tokens in [0, maxTokens] whose worst case fits in `roomNano` (-1 when none). */
function affordableTokens(cost: RequestCost, roomNano: number): number {
  if (cost.worstCaseNano(0) > roomNano) return -1;
  let lo = 0;
  let hi = cost.maxTokens;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cost.worstCaseNano(mid) <= roomNano) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class Admission {
  private readonly inFlight = new Map<string, number>();
  private readonly perMinute = new SlidingWindowCounter(60_000);

  constructor(
    private readonly budgets: BudgetStore,
    private readonly clock: Clock,
    private readonly options: AdmissionOptions = {},
  ) {}

  /**
   * Admits or throws a 429 GatewayError naming the limit, the amount used and when it resets.
   * `cost` as a plain number is a `soft` hold of that amount; as a function it is asked only when
   * the tenant has a budget (estimating it reads the price book: no cost for unbudgeted tenants).
   */
  async admit(tenant: TenantConfig, requestId: string, cost: number | RequestCost | (() => RequestCost)): Promise<AdmissionTicket> {
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
    // The slot is taken before the first await: with an asynchronous budget store, requests
    // arriving together would otherwise all read the same count and all pass.
    this.inFlight.set(tenant.id, running + 1);
    const windows = budgetWindows(limits, tenant.timezone, now);
    let clampedMaxTokens: number | undefined;
    if (windows.length) {
      try {
        clampedMaxTokens = await this.holdBudget(tenant, requestId, typeof cost === 'function' ? cost() : cost, windows, now);
      } catch (err) {
        this.release(tenant.id);
        throw err;
      }
    }
    let settled = false;
    const ticket: AdmissionTicket = {
      settle: async (chargedNano, ts) => {
        if (settled) return;
        settled = true;
        this.release(tenant.id);
        if (windows.length) await this.settleBudget(tenant.id, requestId, chargedNano, ts, 0);
      },
    };
    if (clampedMaxTokens !== undefined) ticket.clampedMaxTokens = clampedMaxTokens;
    return ticket;
  }

  private release(tenantId: string): void {
    const n = (this.inFlight.get(tenantId) ?? 1) - 1;
    if (n > 0) this.inFlight.set(tenantId, n);
    else this.inFlight.delete(tenantId);
  }

  /** Settles in the budget store; a failure is reported and retried later, never thrown. */
  private async settleBudget(tenantId: string, requestId: string, chargedNano: number, ts: number, attempt: number): Promise<void> {
    try {
      await this.budgets.settle(tenantId, requestId, chargedNano, ts);
    } catch (err) {
      this.options.onSettleError?.(err, tenantId, requestId);
      const delay = (this.options.settleRetryDelaysMs ?? SETTLE_RETRY_DELAYS_MS)[attempt];
      if (delay === undefined) return;
      const timer = setTimeout(() => void this.settleBudget(tenantId, requestId, chargedNano, ts, attempt + 1), delay);
      timer.unref();
    }
  }

  /** Places the hold by the tenant's policy; returns a lowered max_tokens when `clamp` made it fit. */
  private async holdBudget(tenant: TenantConfig, requestId: string, cost: number | RequestCost, windows: BudgetWindow[], now: number): Promise<number | undefined> {
    const policy = typeof cost === 'number' ? 'soft' : (tenant.budgetPolicy ?? DEFAULT_BUDGET_POLICY);
    if (typeof cost === 'number' || policy === 'soft') {
      const refusal = await this.budgets.hold(tenant.id, windows, requestId, typeof cost === 'number' ? cost : cost.holdNano, now, HOLD_TTL_MS, 'below');
      if (refusal) throw this.exceeded(refusal, now);
      return undefined;
    }
    const worst = cost.worstCaseNano(cost.maxTokens);
    const refusal = await this.budgets.hold(tenant.id, windows, requestId, worst, now, HOLD_TTL_MS, 'fit');
    if (!refusal) return undefined;
    if (refusal.usedNano >= refusal.window.limitNano) throw this.exceeded(refusal, now);
    if (policy === 'strict') {
      const w = refusal.window;
      throw this.refused(refusal, now, `this request may cost up to ${usd(worst)} (max_tokens ${cost.maxTokens}) but ${usd(w.limitNano - refusal.usedNano)} of ${usd(w.limitNano)} is left; lower max_tokens or wait`);
    }
    // clamp: the most output the room left pays for, if that is still a useful answer. The hold
    // is placed again (atomically) at that size; a request that took the room meanwhile wins.
    const tokens = affordableTokens(cost, refusal.roomNano);
    const left = `${usd(refusal.roomNano)} of ${usd(refusal.window.limitNano)} is left, not enough for a useful answer (${cost.minUsefulTokens} output tokens)`;
    if (tokens < cost.minUsefulTokens) throw this.refused(refusal, now, left);
    const again = await this.budgets.hold(tenant.id, windows, requestId, cost.worstCaseNano(tokens), now, HOLD_TTL_MS, 'fit');
    if (again) throw this.refused(again, now, left);
    return tokens;
  }

  /** The 429 of a window that is used up. */
  private exceeded(refusal: BudgetRefusal, now: number): GatewayError {
    const w = refusal.window;
    return new GatewayError('budget_exceeded', `${WINDOW_NAMES[w.kind]} budget exceeded: ${usd(refusal.usedNano)} used of ${usd(w.limitNano)}; resets at ${new Date(refusal.resetAt).toISOString()}`, {
      retryAfterSec: Math.max(1, Math.ceil((refusal.resetAt - now) / 1000)),
    });
  }

  /** The 429 of a request that does not fit what is left of a window. */
  private refused(refusal: BudgetRefusal, now: number, why: string): GatewayError {
    return new GatewayError('budget_exceeded', `${WINDOW_NAMES[refusal.window.kind]} budget: ${why}; resets at ${new Date(refusal.resetAt).toISOString()}`, {
      retryAfterSec: Math.max(1, Math.ceil((refusal.resetAt - now) / 1000)),
    });
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
