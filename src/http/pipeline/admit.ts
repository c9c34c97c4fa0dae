// The admit stage: rate, concurrency and budget admission of the Anthropic request an endpoint
// prepared, priced from what goes upstream (its bytes and max_tokens), and the `clamp` policy's
// rewrite of max_tokens when the budget allows only a shorter answer.
import { estimateCostNano, estimatedInputTokens, worstCaseCostNano } from '../../accounting/estimate-cost.js';
import type { TenantConfig } from '../../config/types.js';
import { clampMaxTokens, minUsefulOutputTokens } from '../../protocol/clamp-max-tokens.js';
import type { AdmissionTicket, RequestCost } from '../../tenancy/admission.js';
import type { RequestContext } from '../context.js';

/** What admission needs of a Messages request's cost: its soft hold, worst case and clamp floor. */
export function messagesCost(ctx: RequestContext, tenant: TenantConfig, json: Record<string, unknown>, model: string, bodyBytes: number): RequestCost {
  const maxTokens = typeof json['max_tokens'] === 'number' && Number.isFinite(json['max_tokens']) ? Math.max(0, Math.floor(json['max_tokens'])) : 0;
  const speed = typeof json['speed'] === 'string' ? json['speed'] : undefined;
  const { price } = ctx.services;
  const inputTokens = estimatedInputTokens(bodyBytes);
  return {
    holdNano: estimateCostNano(price, model, bodyBytes, maxTokens, speed, tenant.priceMultiplier),
    maxTokens,
    worstCaseNano: (outputTokens) => worstCaseCostNano(price, model, inputTokens, outputTokens, speed, tenant.priceMultiplier),
    minUsefulTokens: minUsefulOutputTokens(json, ctx.gen.config.budgets.clampMinOutputTokens),
  };
}

/** Rate, concurrency and budget admission for a Messages request. */
export function admitMessages(ctx: RequestContext, tenant: TenantConfig, json: Record<string, unknown>, model: string, bodyBytes: number): Promise<AdmissionTicket> {
  return ctx.services.admission.admit(tenant, ctx.requestId, () => messagesCost(ctx, tenant, json, model, bodyBytes));
}

/**
 * The request as the budget lets it go: unchanged, or (the `clamp` policy) with a lower
 * max_tokens, which the answer names in `x-ccgate-max-tokens-clamped`. Only then do the bytes change.
 */
export function clampedRequest<T extends Record<string, unknown>>(ctx: RequestContext, ticket: AdmissionTicket, request: () => T): T | undefined {
  const to = ticket.clampedMaxTokens;
  if (to === undefined) return undefined;
  const json = request();
  ctx.res.setHeader('x-ccgate-max-tokens-clamped', String(to));
  ctx.services.logs.app.debug({ requestId: ctx.requestId, from: json['max_tokens'], to }, 'max_tokens lowered to fit the budget');
  return clampMaxTokens(json, to, ctx.gen.config.budgets.clampMinOutputTokens) as T;
}
