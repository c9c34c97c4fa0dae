// Turns an original CCGate usage record into one of our ledger rows, re-priced with the current
// price book: the original's USD figures came from a stale price table, so they are not kept.
import type { TenantConfig, UpstreamConfig } from '../../config/types.js';
import type { Usage } from '../../domain/usage.js';
import type { LedgerRow } from '../../storage/types.js';
import { ledgerRow, type Pricer } from '../ledger.js';
import type { LegacyUsageRecord } from './parse-legacy-line.js';

/** What re-pricing needs from the current config. */
export interface LegacyPricingContext {
  price: Pricer;
  tenants: readonly Pick<TenantConfig, 'id' | 'priceMultiplier'>[];
  upstreams: readonly Pick<UpstreamConfig, 'id' | 'name' | 'costMultiplier'>[];
}

/** Maps a checked legacy record and its request id to a ledger row. */
export type LegacyRowMapper = (record: LegacyUsageRecord, requestId: string) => LedgerRow;

/**
 * Builds the mapper. Multipliers come from the tenant and upstream of the same id in the current
 * config (an upstream may also be matched by name); anything no longer configured counts as 1.
 */
export function createLegacyRowMapper(ctx: LegacyPricingContext): LegacyRowMapper {
  const tenants = new Map(ctx.tenants.map((t) => [t.id, t]));
  const upstreams = new Map(ctx.upstreams.map((u) => [u.name, u]));
  for (const u of ctx.upstreams) upstreams.set(u.id, u);
  return (record, requestId) => {
    const upstream = record.upstream === null ? undefined : upstreams.get(record.upstream);
    const usage: Usage = {
      inputTokens: record.inputTokens,
      outputTokens: record.outputTokens,
      cacheCreationTokens: record.cacheCreationTokens,
      // The original kept no lifetime; 5 minutes was the only one when it was written.
      cacheWrite5mTokens: record.cacheCreationTokens,
      cacheWrite1hTokens: 0,
      cacheReadTokens: record.cacheReadTokens,
    };
    return ledgerRow(
      {
        requestId,
        startedAt: record.ts,
        tenantId: record.tenantId,
        tenantPriceMultiplier: tenants.get(record.tenantId)?.priceMultiplier ?? 1,
        endpoint: 'anthropic',
        // One model was recorded; whether it was the requested or the served name is unknown.
        modelRequested: record.model,
        modelServed: record.model,
        upstreamId: upstream?.id ?? record.upstream,
        upstreamCostMultiplier: upstream?.costMultiplier ?? 1,
        attempts: 1,
        status: record.status,
        errorType: null,
        // Not recorded by the original.
        stream: false,
        usage,
        ttfbMs: null,
        userAgent: record.userAgent,
      },
      ctx.price,
      record.ts + record.durationMs,
    );
  };
}
