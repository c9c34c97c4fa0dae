// POST /anthropic/v1/messages and /v1/messages/count_tokens: authenticate, admit, forward with
// failover, pass the answer through untouched.
import { estimateCostNano, estimatedInputTokens, worstCaseCostNano } from '../../accounting/estimate-cost.js';
import type { TenantConfig } from '../../config/types.js';
import { GatewayError, toGatewayError } from '../../domain/errors.js';
import { clampMaxTokens, minUsefulOutputTokens } from '../../protocol/clamp-max-tokens.js';
import type { AdmissionTicket, RequestCost } from '../../tenancy/admission.js';
import { forward, type Committed, type Failed, type ForwardDeps } from '../../proxy/forward.js';
import { sessionKeyFrom } from '../../routing/session-key.js';
import { assertModelAllowed, authenticate } from '../../tenancy/authorize.js';
import type { RequestContext } from '../context.js';
import { passThrough } from '../pass-through.js';
import { parseJsonObject, readBody } from '../read-body.js';
import { sendError, sendJson } from '../respond.js';
import { settleRequest, type Ending } from '../settle-request.js';
import { estimateInputTokens } from './token-estimate.js';

/** Top-level keys of a Messages body the gateway acts on: each must appear once (json-scan.ts). */
export const MESSAGES_UNIQUE_KEYS: ReadonlySet<string> = new Set(['model', 'stream', 'max_tokens', 'metadata']);

/** Longest model name accepted: it is logged, stored in the ledger and named in errors. */
export const MAX_MODEL_NAME_CHARS = 256;

/** Throws a 400 when a model name is too long to be one (a megabyte "model" would fill the logs). */
export function assertModelNameLength(model: string): void {
  if (model.length > MAX_MODEL_NAME_CHARS) throw new GatewayError('invalid_request', `model: a model name has at most ${MAX_MODEL_NAME_CHARS} characters`, { param: 'model' });
}

/** Reads `model` and `stream` from a Messages body, with 400s that name the field. */
export function readMessagesFields(json: Record<string, unknown>): { model: string; stream: boolean } {
  const model = json['model'];
  if (typeof model !== 'string' || !model.trim()) throw new GatewayError('invalid_request', 'model: a model name is required', { param: 'model' });
  assertModelNameLength(model);
  const stream = json['stream'];
  if (stream !== undefined && typeof stream !== 'boolean') throw new GatewayError('invalid_request', 'stream: must be a boolean', { param: 'stream' });
  return { model, stream: stream === true };
}

/** Body bytes for an upstream: the original unless the upstream renames the model. */
export function bodyForModel(original: Buffer, json: Record<string, unknown>, model: string): (upstreamModel: string) => Buffer {
  return (upstreamModel) => (upstreamModel === model ? original : Buffer.from(JSON.stringify({ ...json, model: upstreamModel })));
}

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
  return ctx.services.admission.admit(tenant, ctx.requestId, messagesCost(ctx, tenant, json, model, bodyBytes));
}

/**
 * The request as the budget lets it go: unchanged, or (the `clamp` policy) with a lower
 * max_tokens, which the answer names in `x-ccgate-max-tokens-clamped`. Only then do the bytes change.
 */
export function clampedRequest<T extends Record<string, unknown>>(ctx: RequestContext, ticket: AdmissionTicket, json: T): T | undefined {
  const to = ticket.clampedMaxTokens;
  if (to === undefined) return undefined;
  ctx.res.setHeader('x-ccgate-max-tokens-clamped', String(to));
  ctx.services.logs.app.debug({ requestId: ctx.requestId, from: json['max_tokens'], to }, 'max_tokens lowered to fit the budget');
  return clampMaxTokens(json, to, ctx.gen.config.budgets.clampMinOutputTokens) as T;
}

/** Router, pools, clock and the response caps of the request's config generation. */
export function forwardDeps(ctx: RequestContext): ForwardDeps {
  return { router: ctx.gen.router, pools: ctx.services.pools, clock: ctx.services.clock, limits: ctx.gen.config.proxy };
}

/** Throws a failed forward's error, recording what decided it (a broken answer, a client that left). */
export function throwFailed(ending: Ending, result: Failed): never {
  // A client that left is recorded by the error's own code (client_closed, 499), like every refusal.
  if (result.reason !== undefined && result.reason !== 'client_aborted') ending.errorType ??= result.reason;
  throw result.error;
}

async function forwardMessages(ctx: RequestContext, path: string, ending: Ending, admit: boolean): Promise<{ committed: Committed; json: Record<string, unknown> }> {
  const { gen } = ctx;
  const tenant = authenticate(gen.tenants, ctx.req.headers);
  ending.tenant = tenant;
  ctx.access.tenantId = tenant.id;
  const { maxBodyBytes, bodyTimeoutMs, maxJsonDepth } = gen.config.server;
  const raw = await readBody(ctx.req, maxBodyBytes, bodyTimeoutMs);
  const json = parseJsonObject(raw, { maxDepth: maxJsonDepth, uniqueKeys: MESSAGES_UNIQUE_KEYS });
  const { model, stream } = readMessagesFields(json);
  Object.assign(ending, { modelRequested: model, stream });
  Object.assign(ctx.access, { model, stream });
  assertModelAllowed(tenant, model);
  let body = raw;
  let sent = json;
  if (admit) {
    ending.admission = await admitMessages(ctx, tenant, json, model, raw.length);
    const clamped = clampedRequest(ctx, ending.admission, json);
    if (clamped) {
      sent = clamped;
      body = Buffer.from(JSON.stringify(clamped));
    }
  }
  const metadata = !admit;
  const result = await forward(
    {
      method: 'POST',
      path,
      search: ctx.search,
      headers: ctx.req.headers,
      body: bodyForModel(body, sent, model),
      route: { tenantId: tenant.id, model, sessionKey: sessionKeyFrom(ctx.req.headers, json) },
      clientSignal: ctx.clientSignal,
      stream: stream && !metadata,
      metadata,
      expect: metadata ? 'json' : 'message',
    },
    forwardDeps(ctx),
  );
  ending.attempts = result.attempts;
  if (result.kind === 'failed') throwFailed(ending, result);
  return { committed: result, json };
}

/** Settles a failed request (when its tenant is known) and answers the error in the endpoint's shape. */
export async function fail(ctx: RequestContext, err: unknown, ending: Ending): Promise<void> {
  // A client that left before the answer began is a client abort, whatever its leaving broke.
  const gerr = ctx.clientSignal.aborted && !ctx.res.headersSent ? new GatewayError('client_closed', 'Client closed the request') : toGatewayError(err);
  if (gerr.code === 'internal') ctx.services.logs.app.error({ err, requestId: ctx.requestId }, 'internal error');
  // Requests without a known tenant are not written to the ledger: a flood of bad keys must not
  // fill the database. The access log still has them.
  if (ending.tenant) await settleRequest(ctx, { ...ending, status: gerr.status, errorType: ending.errorType ?? gerr.code });
  else Object.assign(ctx.access, { status: gerr.status, errorCode: gerr.code });
  if (!ctx.clientSignal.aborted) sendError(ctx.res, ending.endpoint, gerr, ctx.requestId);
}

/** A blank Ending for a request on `endpoint`, filled in as the request goes. */
export function newEnding(endpoint: Ending['endpoint'] = 'anthropic'): Ending {
  return { tenant: undefined, endpoint, modelRequested: undefined, modelServed: undefined, upstream: undefined, attempts: [], status: 0, errorType: undefined, stream: false };
}

/** POST /anthropic/v1/messages */
export async function handleMessages(ctx: RequestContext): Promise<void> {
  const ending = newEnding();
  try {
    const { committed } = await forwardMessages(ctx, '/v1/messages', ending, true);
    await passThrough(ctx, committed, ending);
  } catch (err) {
    await fail(ctx, err, ending);
  }
}

/** POST /anthropic/v1/messages/count_tokens; answers a local estimate when a mirror lacks it. */
export async function handleCountTokens(ctx: RequestContext): Promise<void> {
  // Counting is free upstream, so it gets no ledger row (it would inflate request counts).
  const ending: Ending = { ...newEnding(), skipLedger: true };
  try {
    const { committed, json } = await forwardMessages(ctx, '/v1/messages/count_tokens', ending, false);
    if (committed.status === 404 || committed.status === 405) {
      committed.body.resume();
      committed.finish(committed.headerOutcome);
      sendJson(ctx.res, 200, { input_tokens: estimateInputTokens(json) }, { 'x-ccgate-token-count': 'estimate', 'x-ccgate-request-id': ctx.requestId });
      return;
    }
    await passThrough(ctx, committed, ending);
  } catch (err) {
    await fail(ctx, err, ending);
  }
}
