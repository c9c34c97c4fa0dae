// JSON shapes of the dashboard's usage API. Money is given twice: exact integer nano-USD and a USD
// number for display. A tenant sees only what it is charged; the admin also sees list price and
// the upstream's estimated cost (what the operator pays), which are the operator's business.
import { nanoToUsd } from '../../domain/money.js';
import type { LedgerRow, UsageTotals } from '../../storage/types.js';
import type { CostJson, RecentRequestJson as DashboardRecentRequestJson, TokensJson } from '../dashboard/api-types.js';
import type { UsageRange } from './usage-query.js';

export type { CostJson, TokensJson };

/** Who is looking: decides which costs are shown. */
export type Viewer = 'admin' | 'tenant';

/** Sums over a set of requests. */
export interface TotalsJson {
  requests: number;
  /** Requests answered with status >= 400. */
  errors: number;
  /** errors / requests (0..1), 0 without requests. */
  errorRate: number;
  tokens: TokensJson;
  cost: CostJson;
}

/** One request in the usage API's recent list: the dashboard's shape plus the model asked for. */
export interface RecentRequestJson extends DashboardRecentRequestJson {
  modelRequested: string | null;
}

/** The range an answer covers, in both forms. */
export function rangeJson(r: UsageRange): { from: string; to: string; fromMs: number; toMs: number } {
  return { from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString(), fromMs: r.from, toMs: r.to };
}

type CostSource = Pick<UsageTotals, 'listCostNano' | 'chargedCostNano' | 'upstreamCostNano'>;

/** Costs as the viewer may see them. */
export function costJson(c: CostSource, viewer: Viewer): CostJson {
  const out: CostJson = { chargedNano: c.chargedCostNano, chargedUsd: nanoToUsd(c.chargedCostNano) };
  if (viewer === 'admin') {
    out.listNano = c.listCostNano;
    out.listUsd = nanoToUsd(c.listCostNano);
    out.upstreamNano = c.upstreamCostNano;
    out.upstreamUsd = nanoToUsd(c.upstreamCostNano);
  }
  return out;
}

type TokenSource = Pick<UsageTotals, 'inputTokens' | 'outputTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'cacheReadTokens'>;

export function tokensJson(t: TokenSource): TokensJson {
  return {
    input: t.inputTokens,
    output: t.outputTokens,
    cacheWrite5m: t.cacheWrite5mTokens,
    cacheWrite1h: t.cacheWrite1hTokens,
    cacheRead: t.cacheReadTokens,
    total: t.inputTokens + t.outputTokens + t.cacheWrite5mTokens + t.cacheWrite1hTokens + t.cacheReadTokens,
  };
}

export function totalsJson(t: UsageTotals, viewer: Viewer): TotalsJson {
  return { requests: t.requests, errors: t.errors, errorRate: t.requests > 0 ? t.errors / t.requests : 0, tokens: tokensJson(t), cost: costJson(t, viewer) };
}

/** A recent request; the user agent is left out (it can identify a person's machine). */
export function recentJson(r: LedgerRow, viewer: Viewer): RecentRequestJson {
  return {
    time: new Date(r.ts).toISOString(),
    ts: r.ts,
    requestId: r.requestId,
    tenantId: r.tenantId,
    endpoint: r.endpoint,
    model: r.modelServed ?? r.modelRequested,
    modelRequested: r.modelRequested,
    upstreamId: r.upstreamId,
    status: r.status,
    errorType: r.errorType,
    stream: r.stream,
    attempts: r.attempts,
    durationMs: r.durationMs,
    ttfbMs: r.ttfbMs,
    priceFlagged: r.priceFlagged,
    usageEstimated: r.usageEstimated,
    tokens: tokensJson(r),
    cost: costJson(r, viewer),
  };
}

/** Buckets from the store, with the empty ones between `range.from` and `range.to` filled in. */
export function filledBuckets<T extends { bucket: number }>(rows: readonly T[], range: UsageRange, sizeMs: number, empty: (start: number) => T): T[] {
  const byStart = new Map(rows.map((r) => [r.bucket, r]));
  const out: T[] = [];
  for (let start = Math.floor(range.from / sizeMs) * sizeMs; start < range.to; start += sizeMs) out.push(byStart.get(start) ?? empty(start));
  return out;
}

/** One series bucket as JSON. */
export function bucketJson(b: UsageTotals & { bucket: number }, viewer: Viewer): TotalsJson & { start: string; startMs: number } {
  return { start: new Date(b.bucket).toISOString(), startMs: b.bucket, ...totalsJson(b, viewer) };
}
