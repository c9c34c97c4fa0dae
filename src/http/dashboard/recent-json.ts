// One ledger row as the dashboard shows it: metadata only (no prompt, answer or user agent). A
// tenant sees only its charged cost, and the upstream id only when the admin allows it.
import type { LedgerRow } from '../../storage/types.js';
import { costJson, tokensJson, type Viewer } from '../routes/usage-api-shape.js';
import type { RecentRequestJson } from './api-types.js';

/** The contract's RecentRequestJson of a row. */
export function recentRequestJson(r: LedgerRow, viewer: Viewer, showUpstream: boolean): RecentRequestJson {
  return {
    ts: r.ts,
    time: new Date(r.ts).toISOString(),
    requestId: r.requestId,
    tenantId: r.tenantId,
    endpoint: r.endpoint,
    model: r.modelServed ?? r.modelRequested,
    upstreamId: viewer === 'admin' || showUpstream ? r.upstreamId : null,
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
