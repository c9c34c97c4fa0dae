// The original CCGate's usage document, rebuilt from the ledger so its dashboard (public/usage.html)
// and scripts keep working. Field names, units (USD numbers, error rate in whole percent) and the
// nesting are the original's; "today" is the UTC day, as it was.
import type { PriceBook } from '../../accounting/price-book.js';
import type { TenantConfig } from '../../config/types.js';
import { calendarPeriod } from '../../domain/budget-windows.js';
import { nanoToUsd, usdToNano, type NanoUsd } from '../../domain/money.js';
import type { UsageQuery, UsageStore, UsageTotals } from '../../storage/types.js';
import { BUCKET_MS } from './usage-query.js';
import { emptyTotals, sumTotals } from './usage-totals.js';
import { addPerKind, averageRateWeights, modelWeights, splitNano, tokensPerKind, type PerKind } from './usage-cost-split.js';

/**
 * Sums over a set of requests, as the original's aggregation named them. Costs are what the
 * tenant is charged, in USD; `totalCost` is the ledger's exact sum, the four parts add up to it.
 * The original's `totalDuration`/`avgDuration` are not reported: the ledger keeps durations per
 * row only.
 */
export interface LegacyTotals {
  totalRequests: number;
  totalTokens: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalCost: number;
  inputCost: number;
  outputCost: number;
  cacheCreationCost: number;
  cacheReadCost: number;
  avgCost: number;
  errorCount: number;
  /** Requests with status >= 400, in whole percent. */
  errorRate: number;
}

/** A day's usage: totals, per model served, and per UTC hour ("0".."23", every hour present). */
export interface LegacyUsage extends LegacyTotals {
  byModel: Record<string, LegacyTotals>;
  byHour: Record<string, LegacyTotals>;
}

/** The daily USD limit as the original reported it; absent when the tenant has no daily limit. */
export interface LegacyLimits {
  usd?: { used: number; limit: number; percentage: number; exceeded: boolean };
}

/** Builds the legacy totals of a group from its sums and its charged cost split per kind. */
export function legacyTotals(t: UsageTotals, cost: PerKind): LegacyTotals {
  const tokens = tokensPerKind(t);
  return {
    totalRequests: t.requests,
    totalTokens: tokens.input + tokens.output + tokens.cacheCreation + tokens.cacheRead,
    inputTokens: tokens.input,
    outputTokens: tokens.output,
    cacheCreationTokens: tokens.cacheCreation,
    cacheReadTokens: tokens.cacheRead,
    totalCost: nanoToUsd(t.chargedCostNano),
    inputCost: nanoToUsd(cost.input),
    outputCost: nanoToUsd(cost.output),
    cacheCreationCost: nanoToUsd(cost.cacheCreation),
    cacheReadCost: nanoToUsd(cost.cacheRead),
    avgCost: t.requests > 0 ? Math.round(t.chargedCostNano / t.requests) / 1e9 : 0,
    errorCount: t.errors,
    errorRate: t.requests > 0 ? Math.round((t.errors / t.requests) * 100) : 0,
  };
}

/** Start of the UTC day containing `now`. */
export function utcDayStart(now: number): number {
  return Math.floor(now / BUCKET_MS.day) * BUCKET_MS.day;
}

/** The legacy usage of one UTC day (`q` spans it), for one tenant or all, with its exact charged sum. */
export async function legacyDayUsage(store: UsageStore, book: PriceBook, q: UsageQuery): Promise<{ usage: LegacyUsage; chargedNano: NanoUsd }> {
  const [models, hours] = await Promise.all([store.totalsBy(q, 'model'), store.series(q, 'hour')]);
  const total = sumTotals(models);
  const byModel: Record<string, LegacyTotals> = {};
  let dayCost: PerKind = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 };
  for (const m of models) {
    const cost = splitNano(m.chargedCostNano, modelWeights(book, m.key, m));
    dayCost = addPerKind(dayCost, cost);
    byModel[m.key] = legacyTotals(m, cost);
  }
  const dayTokens = tokensPerKind(total);
  const byHour: Record<string, LegacyTotals> = {};
  for (let h = 0; h < 24; h++) {
    const hour = hours.find((s) => s.bucket === q.from + h * BUCKET_MS.hour) ?? emptyTotals();
    byHour[String(h)] = legacyTotals(hour, splitNano(hour.chargedCostNano, averageRateWeights(hour, dayCost, dayTokens)));
  }
  return { usage: { ...legacyTotals(total, dayCost), byModel, byHour }, chargedNano: total.chargedCostNano };
}

/**
 * The tenant's daily limit status. `used` is counted over the tenant's own budget day (its
 * timezone, as admission enforces it), so `exceeded` agrees with what the gateway refuses; for
 * UTC tenants that is the same day as the totals.
 */
export async function legacyLimits(store: UsageStore, tenant: TenantConfig, now: number, utcDayChargedNano: NanoUsd): Promise<LegacyLimits> {
  const daily = tenant.limits.daily;
  if (!daily) return {};
  let usedNano = utcDayChargedNano;
  if (tenant.timezone !== 'UTC') {
    const day = calendarPeriod('daily', now, tenant.timezone);
    usedNano = (await store.totals({ from: day.start, to: day.end, tenantId: tenant.id })).chargedCostNano;
  }
  const limitNano = usdToNano(daily.maxUsd);
  // A limit of 0 allows nothing: it is fully used from the start.
  const percentage = limitNano > 0 ? Math.round((usedNano / limitNano) * 100) : 100;
  return { usd: { used: nanoToUsd(usedNano), limit: daily.maxUsd, percentage, exceeded: usedNano >= limitNano } };
}
