// The dashboard's usage report, built from one snapshot of the ledger read as two aggregates:
// tenant × model × bucket (totals, by model, by tenant, per bucket, the stacked series) and, when
// upstreams are shown, tenant × model × upstream over the whole range (by upstream). Both come
// from the same read transaction, so every view adds up exactly to the same totals, and
// `reconciled` says so after checking. Prompt-cache savings are whole nano-USD per token times
// tokens (integers), so they add up in any grouping too. Pure: prices come in as per-token rates.
import { nanoToUsd } from '../../domain/money.js';
import type { AggregateRow, UsageTotals } from '../../storage/types.js';
import { costJson, tokensJson, type Viewer } from '../routes/usage-api-shape.js';
import type { BucketJson, CacheJson, ResolvedRange, SplitSeries, TotalsJson, UsageReport } from './api-types.js';

/** Charged nano-USD per token of each input kind, for one tenant and model. */
export interface CacheRates {
  inputNano: number;
  cacheReadNano: number;
  cacheWrite5mNano: number;
  cacheWrite1hNano: number;
}

/** Sums of a group: the store's totals plus what the report derives per row. */
export interface Acc extends UsageTotals {
  flaggedRequests: number;
  savedNano: number;
  writePremiumNano: number;
}

export interface ReportInput {
  viewer: Viewer;
  range: ResolvedRange;
  /** Bucket starts the aggregate was cut by (row.bucket indexes it), and their local labels. */
  starts: readonly number[];
  labels: readonly string[];
  rows: readonly AggregateRow[];
  /** Rows grouped by tenant, model and upstream over the whole range (bucket 0) for byUpstream; default `rows`. */
  upstreamRows?: readonly AggregateRow[];
  /** The one tenant covered, or null for the admin's all-tenant view. */
  tenantId: string | null;
  /** Tenants to overlay (seriesByTenant), in this order. */
  overlay?: readonly string[];
  /** Whether upstream ids may be shown to this viewer. */
  showUpstreams: boolean;
  tenantName(id: string): string;
  /** Rates of a tenant and model; undefined when the model has no price (no saving counted). */
  cacheRates(tenantId: string, model: string): CacheRates | undefined;
}

const ACC_KEYS = ['requests', 'errors', 'inputTokens', 'outputTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'cacheReadTokens', 'listCostNano', 'chargedCostNano', 'upstreamCostNano', 'flaggedRequests', 'savedNano', 'writePremiumNano'] as const;

/** Sums of no row. */
export function emptyAcc(): Acc {
  return { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, listCostNano: 0, chargedCostNano: 0, upstreamCostNano: 0, flaggedRequests: 0, savedNano: 0, writePremiumNano: 0 };
}

// Field by field: a loop over ACC_KEYS (keyed access) cost ~10x more, and this runs per row per view.
function addInto(into: Acc, from: Acc): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.cacheWrite5mTokens += from.cacheWrite5mTokens;
  into.cacheWrite1hTokens += from.cacheWrite1hTokens;
  into.cacheReadTokens += from.cacheReadTokens;
  into.listCostNano += from.listCostNano;
  into.chargedCostNano += from.chargedCostNano;
  into.upstreamCostNano += from.upstreamCostNano;
  into.flaggedRequests += from.flaggedRequests;
  into.savedNano += from.savedNano;
  into.writePremiumNano += from.writePremiumNano;
}

/** Equal on every integer field. */
export function sameAcc(a: Acc, b: Acc): boolean {
  return ACC_KEYS.every((k) => a[k] === b[k]);
}

/**
 * A row's sums plus its cache saving: what its cache reads would have cost as plain input minus
 * what they cost, and what its cache writes cost above plain input, at the charged rates. Each
 * per-token difference is rounded to whole nano-USD (under 0.5 nano of a rate of hundreds or
 * thousands), so a saving is tokens × an integer: rows of any grouping add up to the same sum.
 */
export function rowAcc(row: AggregateRow, rates: CacheRates | undefined): Acc {
  const { inputNano = 0, cacheReadNano = 0, cacheWrite5mNano = 0, cacheWrite1hNano = 0 } = rates ?? {};
  return {
    requests: row.requests,
    errors: row.errors,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cacheWrite5mTokens: row.cacheWrite5mTokens,
    cacheWrite1hTokens: row.cacheWrite1hTokens,
    cacheReadTokens: row.cacheReadTokens,
    listCostNano: row.listCostNano,
    chargedCostNano: row.chargedCostNano,
    upstreamCostNano: row.upstreamCostNano,
    flaggedRequests: row.flaggedRequests,
    savedNano: rates ? row.cacheReadTokens * Math.round(inputNano - cacheReadNano) : 0,
    writePremiumNano: rates ? row.cacheWrite5mTokens * Math.round(cacheWrite5mNano - inputNano) + row.cacheWrite1hTokens * Math.round(cacheWrite1hNano - inputNano) : 0,
  };
}

/** Hit rate = cache reads / (input + cache writes + cache reads); 0 without input. */
export function hitRate(t: Pick<UsageTotals, 'inputTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'cacheReadTokens'>): number {
  const all = t.inputTokens + t.cacheWrite5mTokens + t.cacheWrite1hTokens + t.cacheReadTokens;
  return all > 0 ? t.cacheReadTokens / all : 0;
}

function cacheJson(a: Acc): CacheJson {
  const net = a.savedNano - a.writePremiumNano;
  return { hitRate: hitRate(a), savedNano: a.savedNano, savedUsd: nanoToUsd(a.savedNano), writePremiumNano: a.writePremiumNano, netSavedNano: net, netSavedUsd: nanoToUsd(net) };
}

/** A group's totals as the viewer may see them. */
export function accJson(a: Acc, viewer: Viewer): TotalsJson {
  return {
    requests: a.requests,
    errors: a.errors,
    errorRate: a.requests > 0 ? a.errors / a.requests : 0,
    tokens: tokensJson(a),
    cost: costJson(a, viewer),
    cache: cacheJson(a),
    flaggedRequests: a.flaggedRequests,
  };
}

function groupInto(map: Map<string, Acc>, key: string, acc: Acc): void {
  let g = map.get(key);
  if (!g) map.set(key, (g = emptyAcc()));
  addInto(g, acc);
}

/** Groups by charged cost, largest first, then key. */
function ranked(map: Map<string, Acc>): Array<[string, Acc]> {
  return [...map].sort(([ka, a], [kb, b]) => b.chargedCostNano - a.chargedCostNano || (ka < kb ? -1 : ka > kb ? 1 : 0));
}

function sumOf(groups: Iterable<Acc>): Acc {
  const out = emptyAcc();
  for (const g of groups) addInto(out, g);
  return out;
}

function split(keys: string[], names: string[], buckets: number, cell: Map<string, Acc>): SplitSeries {
  const chargedNano = Array.from({ length: buckets }, (_, i) => keys.map((k) => cell.get(`${i}\0${k}`)?.chargedCostNano ?? 0));
  const requests = Array.from({ length: buckets }, (_, i) => keys.map((k) => cell.get(`${i}\0${k}`)?.requests ?? 0));
  return { keys, names, chargedNano, requests };
}

/** Builds the report. */
export function buildUsageReport(input: ReportInput): UsageReport {
  const { viewer, starts } = input;
  const admin = viewer === 'admin';
  const byModel = new Map<string, Acc>();
  const byTenant = new Map<string, Acc>();
  const byBucket = starts.map(() => emptyAcc());
  const modelCell = new Map<string, Acc>();
  const tenantCell = new Map<string, Acc>();
  const totals = emptyAcc();
  const accOf = (row: AggregateRow): Acc => rowAcc(row, row.tenantId && row.model ? input.cacheRates(row.tenantId, row.model) : undefined);
  for (const row of input.rows) {
    const tenant = row.tenantId ?? '';
    const model = row.model ?? '';
    const acc = accOf(row);
    addInto(totals, acc);
    groupInto(byModel, model, acc);
    groupInto(byTenant, tenant, acc);
    const b = byBucket[row.bucket];
    if (b) addInto(b, acc);
    groupInto(modelCell, `${row.bucket}\0${model}`, acc);
    if (input.overlay) groupInto(tenantCell, `${row.bucket}\0${tenant}`, acc);
  }
  const showUpstreams = admin || input.showUpstreams;
  const byUpstream = new Map<string, Acc>();
  if (showUpstreams) for (const row of input.upstreamRows ?? input.rows) groupInto(byUpstream, row.upstreamId ?? '', accOf(row));
  const models = ranked(byModel);
  const report: UsageReport = {
    range: input.range,
    tenantId: input.tenantId,
    totals: accJson(totals, viewer),
    byModel: models.map(([key, a]) => ({ key, ...accJson(a, viewer) })),
    buckets: byBucket.map((a, i): BucketJson => ({ startMs: starts[i]!, label: input.labels[i] ?? '', ...accJson(a, viewer) })),
    seriesByModel: split(models.map(([k]) => k), models.map(([k]) => k), starts.length, modelCell),
    reconciled: {
      byModel: sameAcc(sumOf(byModel.values()), totals),
      byTenant: admin ? sameAcc(sumOf(byTenant.values()), totals) : null,
      byBucket: sameAcc(sumOf(byBucket), totals),
      byUpstream: showUpstreams ? sameAcc(sumOf(byUpstream.values()), totals) : null,
    },
  };
  if (admin) {
    report.byTenant = ranked(byTenant).map(([key, a]) => ({ key, name: input.tenantName(key), ...accJson(a, viewer) }));
    report.unpricedModels = models.filter(([k, a]) => k !== '' && a.flaggedRequests > 0).map(([k]) => k);
  }
  if (showUpstreams) report.byUpstream = ranked(byUpstream).map(([key, a]) => ({ key, ...accJson(a, viewer) }));
  if (input.overlay) report.seriesByTenant = split([...input.overlay], input.overlay.map((id) => input.tenantName(id)), starts.length, tenantCell);
  return report;
}
