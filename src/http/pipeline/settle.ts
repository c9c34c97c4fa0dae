// The pipeline's settle stage: fills the access record and, through accounting, writes the ledger
// row and charges the budget, whatever the request's end. Once per request: a row once written is
// never replaced (a failure after the row — a budget store that lost its connection, say — must
// not turn a good row into a zero-token error row).
import { settleCharge } from '../../accounting/settle-charge.js';
import type { TenantConfig, UpstreamConfig } from '../../config/types.js';
import { emptyUsage, type Usage } from '../../domain/usage.js';
import type { AttemptLog } from '../../proxy/forward.js';
import type { AdmissionTicket } from '../../tenancy/admission.js';
import type { RequestContext } from '../context.js';

/** What the route knows when the request ends. */
export interface Ending {
  tenant: TenantConfig | undefined;
  endpoint: 'anthropic' | 'openai' | 'openai-responses';
  modelRequested: string | undefined;
  modelServed: string | undefined;
  upstream: UpstreamConfig | undefined;
  attempts: AttemptLog[];
  status: number;
  errorType: string | undefined;
  stream: boolean;
  usage?: Usage;
  /** The output tokens are an estimate of what a cut or aborted stream forwarded. */
  usageEstimated?: boolean;
  ttfbMs?: number;
  /** True for free metadata calls that get an access-log line but no ledger row. */
  skipLedger?: boolean;
  /** The admission to settle (budget hold → real charge, concurrency slot freed). */
  admission?: AdmissionTicket;
}

/** Records the request in the ledger (awaited: durable before the client sees the end); later calls do nothing. */
export async function settleRequest(ctx: RequestContext, e: Ending): Promise<void> {
  if (ctx.settled) return;
  ctx.settled = true;
  const usage = e.usage ?? emptyUsage();
  const ua = ctx.req.headers['user-agent'];
  Object.assign(ctx.access, {
    upstreamId: e.upstream?.id,
    attempts: e.attempts,
    status: e.status,
    errorCode: e.errorType,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheReadTokens: usage.cacheReadTokens,
    cacheWriteTokens: usage.cacheCreationTokens,
    ttfbMs: e.ttfbMs,
  });
  ctx.services.metrics.attemptsSettled(e.attempts, e.upstream !== undefined, e.errorType);
  await settleCharge(
    ctx.services.ledger,
    e.skipLedger
      ? undefined
      : {
          requestId: ctx.requestId,
          startedAt: ctx.startedAt,
          tenantId: e.tenant?.id ?? null,
          tenantPriceMultiplier: e.tenant?.priceMultiplier ?? 1,
          endpoint: e.endpoint,
          modelRequested: e.modelRequested ?? null,
          modelServed: e.modelServed ?? null,
          upstreamId: e.upstream?.id ?? null,
          upstreamCostMultiplier: e.upstream?.costMultiplier ?? 1,
          attempts: e.attempts.length,
          status: e.status,
          errorType: e.errorType ?? null,
          stream: e.stream,
          usage,
          ttfbMs: e.ttfbMs ?? null,
          userAgent: typeof ua === 'string' ? ua.slice(0, 200) : null,
          usageEstimated: e.usageEstimated === true,
        },
    e.admission,
    ctx.startedAt,
    (row) => {
      ctx.access.costNano = row.chargedCostNano;
      ctx.services.metrics.usageSettled(row);
    },
  );
}
