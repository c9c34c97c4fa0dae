// The dashboard aggregate written plainly over an array of rows, and seeded random ledgers and
// queries: what every store's aggregate() is compared with.
import type { AggregateQuery, AggregateRow, LedgerRow, UsageDimension } from '../../../src/storage/types.js';
import { HOUR_MS, ledgerRow } from './ledger-rows.js';
import { prng } from '../../support/prng.js';

export { prng };

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const int = (rnd: () => number, max: number): number => Math.floor(rnd() * max);

/** `count` random rows over [start, start + spanMs), nulls and flagged rows included. */
export function randomLedger(rnd: () => number, count: number, start: number, spanMs: number): LedgerRow[] {
  return Array.from({ length: count }, (_, i) =>
    ledgerRow(`rnd-${i}`, {
      // Some rows exactly on hour boundaries, where off-by-one mistakes live.
      ts: rnd() < 0.1 ? start + int(rnd, spanMs / HOUR_MS) * HOUR_MS : start + int(rnd, spanMs),
      tenantId: pick(rnd, ['t1', 't2', 't3', null]),
      modelServed: pick(rnd, ['m1', 'm2', null]),
      modelRequested: pick(rnd, ['m1', 'm3', null]),
      upstreamId: pick(rnd, ['u1', 'u2', null]),
      status: pick(rnd, [200, 200, 200, 429, 500]),
      inputTokens: int(rnd, 100_000),
      outputTokens: int(rnd, 10_000),
      cacheWrite5mTokens: int(rnd, 1_000),
      cacheWrite1hTokens: int(rnd, 1_000),
      cacheReadTokens: int(rnd, 200_000),
      listCostNano: int(rnd, 5_000_000_000),
      chargedCostNano: int(rnd, 5_000_000_000),
      upstreamCostNano: int(rnd, 5_000_000_000),
      priceFlagged: rnd() < 0.2,
    }),
  );
}

/** A random query inside [start, start + spanMs): random range, dimensions, tenants, and bucket starts often off the hour. */
export function randomQuery(rnd: () => number, start: number, spanMs: number): AggregateQuery {
  const a = start - HOUR_MS + int(rnd, spanMs + 2 * HOUR_MS);
  const b = start - HOUR_MS + int(rnd, spanMs + 2 * HOUR_MS);
  // Half of the ranges start on an hour (or half-hour) so that whole hours occur at the edges too.
  const snap = (t: number): number => (rnd() < 0.5 ? t - (t % (rnd() < 0.5 ? HOUR_MS : HOUR_MS / 2)) : t);
  const from = snap(Math.min(a, b));
  const to = Math.max(snap(Math.max(a, b)), from + 1);
  const q: AggregateQuery = { from, to, groupBy: (['tenant', 'model', 'upstream'] as const).filter(() => rnd() < 0.5) };
  if (rnd() < 0.3) q.tenantIds = (['t1', 't2', 't3', ''] as const).filter(() => rnd() < 0.5);
  if (rnd() < 0.7) {
    const starts = new Set([from]);
    const count = int(rnd, 12);
    for (let i = 0; i < count; i++) starts.add(from + int(rnd, to - from));
    // Zone-like days: midnight at UTC+5:30, and whole hours.
    if (rnd() < 0.5) for (let t = from - (from % HOUR_MS) + HOUR_MS / 2; t < to; t += 3 * HOUR_MS) if (t > from) starts.add(t);
    q.bucketStarts = [...starts].sort((x, y) => x - y);
  }
  return q;
}

function keyOf(r: LedgerRow, groupBy: readonly UsageDimension[]): Pick<AggregateRow, 'tenantId' | 'model' | 'upstreamId'> {
  const k: Pick<AggregateRow, 'tenantId' | 'model' | 'upstreamId'> = {};
  if (groupBy.includes('tenant')) k.tenantId = r.tenantId ?? '';
  if (groupBy.includes('model')) k.model = r.modelServed ?? r.modelRequested ?? '';
  if (groupBy.includes('upstream')) k.upstreamId = r.upstreamId ?? '';
  return k;
}

function cmp(a: string | undefined, b: string | undefined): number {
  return a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1;
}

/** The aggregate of `rows` by the documented semantics, sorted by bucket, tenant, model, upstream. */
export function referenceAggregate(rows: readonly LedgerRow[], q: AggregateQuery): AggregateRow[] {
  const starts = q.bucketStarts ?? [q.from];
  const groups = new Map<string, AggregateRow>();
  for (const r of rows) {
    if (r.ts < q.from || r.ts >= q.to) continue;
    if (q.tenantIds && !q.tenantIds.includes(r.tenantId ?? '')) continue;
    let bucket = 0;
    while (bucket + 1 < starts.length && starts[bucket + 1]! <= r.ts) bucket++;
    const key = keyOf(r, q.groupBy);
    const id = JSON.stringify([bucket, key.tenantId, key.model, key.upstreamId]);
    const g = groups.get(id) ?? { bucket, ...key, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, listCostNano: 0, chargedCostNano: 0, upstreamCostNano: 0, flaggedRequests: 0, lastTs: r.ts };
    g.requests++;
    if (r.status >= 400) g.errors++;
    g.inputTokens += r.inputTokens;
    g.outputTokens += r.outputTokens;
    g.cacheWrite5mTokens += r.cacheWrite5mTokens;
    g.cacheWrite1hTokens += r.cacheWrite1hTokens;
    g.cacheReadTokens += r.cacheReadTokens;
    g.listCostNano += r.listCostNano;
    g.chargedCostNano += r.chargedCostNano;
    g.upstreamCostNano += r.upstreamCostNano;
    if (r.priceFlagged) g.flaggedRequests++;
    g.lastTs = Math.max(g.lastTs, r.ts);
    groups.set(id, g);
  }
  return [...groups.values()].sort((a, b) => a.bucket - b.bucket || cmp(a.tenantId, b.tenantId) || cmp(a.model, b.model) || cmp(a.upstreamId, b.upstreamId));
}
