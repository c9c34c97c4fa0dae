// The request pipeline every model endpoint runs: authenticate → read → prepare (the endpoint's
// adapter) → check the model → admit → route and forward → answer (tap and render, the adapter's)
// → settle. A failure at any stage is settled (when the tenant is known) and answered in the
// endpoint's error shape with its real status.
import type { TenantConfig } from '../../config/types.js';
import { GatewayError, toGatewayError } from '../../domain/errors.js';
import { assertModelAllowed, authenticate } from '../../tenancy/authorize.js';
import type { RequestContext } from '../context.js';
import { parseJsonObject, readBody } from '../read-body.js';
import { sendError } from '../respond.js';
import { admitMessages, clampedRequest } from './admit.js';
import { reparsedRequest, type Endpoint, type Forwarded, type PreparedRequest } from './endpoint.js';
import { forwardPrepared } from './forward-stage.js';
import { settleRequest, type Ending } from './settle.js';

/** A blank Ending for a request on `endpoint`, filled in as the request goes. */
export function newEnding(endpoint: Ending['endpoint']): Ending {
  return { tenant: undefined, endpoint, modelRequested: undefined, modelServed: undefined, upstream: undefined, attempts: [], status: 0, errorType: undefined, stream: false };
}

/** Settles a failed request (when its tenant is known) and answers the error in `protocol`'s shape. */
export async function fail(ctx: RequestContext, err: unknown, ending: Ending, protocol: Endpoint['protocol']): Promise<void> {
  // A client that left before the answer began is a client abort, whatever its leaving broke.
  const gerr = ctx.clientSignal.aborted && !ctx.res.headersSent ? new GatewayError('client_closed', 'Client closed the request') : toGatewayError(err);
  if (gerr.code === 'internal') ctx.services.logs.app.error({ err, requestId: ctx.requestId }, 'internal error');
  // Requests without a known tenant are not written to the ledger: a flood of bad keys must not
  // fill the database. The access log still has them.
  if (ending.tenant) await settleRequest(ctx, { ...ending, status: gerr.status, errorType: ending.errorType ?? gerr.code });
  else Object.assign(ctx.access, { status: gerr.status, errorCode: gerr.code });
  if (!ctx.clientSignal.aborted) sendError(ctx.res, protocol, gerr, ctx.requestId);
}

/**
 * Reads, prepares, checks and admits a request: the parsed tree lives only in this frame (see
 * `Forwarded`), and what goes on is the request without it.
 */
async function prepareAndAdmit<P extends PreparedRequest>(ctx: RequestContext, endpoint: Endpoint<P>, tenant: TenantConfig, ending: Ending): Promise<Forwarded<P>> {
  const { maxBodyBytes, bodyTimeoutMs, maxJsonDepth } = ctx.gen.config.server;
  const raw = await readBody(ctx.req, maxBodyBytes, bodyTimeoutMs);
  const json = parseJsonObject(raw, { maxDepth: maxJsonDepth, uniqueKeys: endpoint.uniqueKeys, ...(endpoint.reads ? { onlyKeys: endpoint.reads } : {}) });
  const { request, ...p } = endpoint.prepare(ctx, json, raw);
  Object.assign(ending, { modelRequested: p.modelRequested, modelServed: p.modelServed, stream: p.stream });
  Object.assign(ctx.access, { model: p.model, stream: p.stream });
  assertModelAllowed(tenant, p.model);
  // admit: priced from what goes upstream; the clamp policy may rewrite max_tokens
  if (endpoint.admits) {
    ending.admission = await admitMessages(ctx, tenant, request, p.model, p.body.length);
    // (an endpoint that parsed only the keys it reads rewrites the whole request: parsed now, rarely)
    const clamped = clampedRequest(ctx, ending.admission, () => (endpoint.reads ? reparsedRequest(p) : request));
    if (clamped) p.body = Buffer.from(JSON.stringify(clamped));
  }
  return p;
}

/** Runs one request on `endpoint` through every stage. */
export async function runEndpoint<P extends PreparedRequest>(ctx: RequestContext, endpoint: Endpoint<P>): Promise<void> {
  const ending: Ending = { ...newEnding(endpoint.ledger), ...(endpoint.skipLedger ? { skipLedger: true } : {}) };
  try {
    endpoint.check?.(ctx.gen.config);
    // authenticate
    const tenant = authenticate(ctx.gen.tenants, ctx.req.headers);
    ending.tenant = tenant;
    ctx.access.tenantId = tenant.id;
    // read, prepare and admit
    const p = await prepareAndAdmit(ctx, endpoint, tenant, ending);
    // route and forward, with failover before the first byte
    const committed = await forwardPrepared(ctx, tenant, p, endpoint.upstream(ctx, p), ending);
    // tap, render and settle: the endpoint's answer
    await endpoint.answer(ctx, committed, p, ending);
  } catch (err) {
    await fail(ctx, err, ending, endpoint.protocol);
  }
}
