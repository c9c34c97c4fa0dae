// Moving average of each upstream's time to first byte over answered requests, fed by settled
// ledger rows, for the dashboard's upstream table. Bounded by the number of upstream ids seen.
import type { LedgerRow } from '../storage/types.js';

/** Weight of the newest sample. */
const ALPHA = 0.2;
const MAX_UPSTREAMS = 1_000;

/** TTFB EWMA per upstream id. */
export class TtfbTracker {
  private readonly ewma = new Map<string, number>();

  /** Counts a settled request that reached an upstream and was answered. */
  record(row: Pick<LedgerRow, 'upstreamId' | 'ttfbMs' | 'status'>): void {
    if (row.upstreamId === null || row.ttfbMs === null || row.status >= 400) return;
    const prev = this.ewma.get(row.upstreamId);
    if (prev === undefined && this.ewma.size >= MAX_UPSTREAMS) this.ewma.clear();
    this.ewma.set(row.upstreamId, prev === undefined ? row.ttfbMs : prev + ALPHA * (row.ttfbMs - prev));
  }

  /** The average in whole ms, or null before the first answered request. */
  get(upstreamId: string): number | null {
    const v = this.ewma.get(upstreamId);
    return v === undefined ? null : Math.round(v);
  }
}
