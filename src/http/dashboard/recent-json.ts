// One ledger row as the dashboard shows it: the usage API's recent-request shape (metadata only: no
// prompt, answer or user agent) without the requested model, and the upstream id only for the
// admin or when the admin lets tenants see it.
import type { LedgerRow } from '../../storage/types.js';
import { recentJson, type Viewer } from '../routes/usage-api-shape.js';
import type { RecentRequestJson } from './api-types.js';

/** The contract's RecentRequestJson of a row. */
export function recentRequestJson(r: LedgerRow, viewer: Viewer, showUpstream: boolean): RecentRequestJson {
  const { modelRequested: _asked, ...json } = recentJson(r, viewer);
  return { ...json, upstreamId: viewer === 'admin' || showUpstream ? r.upstreamId : null };
}
