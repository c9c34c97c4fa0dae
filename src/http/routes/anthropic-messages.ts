// POST /anthropic/v1/messages and /v1/messages/count_tokens: the Anthropic endpoint's adapters for
// the request pipeline (pipeline/run-endpoint.ts). The body goes upstream as the client sent it,
// and the answer comes back untouched (pass-through.ts).
import { GatewayError } from '../../domain/errors.js';
import { sessionKeyFrom } from '../../routing/session-key.js';
import type { RequestContext } from '../context.js';
import { passThrough } from '../pass-through.js';
import { reparsedRequest, type Endpoint, type PreparedRequest } from '../pipeline/endpoint.js';
import { runEndpoint } from '../pipeline/run-endpoint.js';
import { sendJson } from '../respond.js';
import { estimateInputTokens } from './token-estimate.js';

/** Top-level keys of a Messages body the gateway acts on: each must appear once (json-scan.ts). */
export const MESSAGES_UNIQUE_KEYS: ReadonlySet<string> = new Set(['model', 'stream', 'max_tokens', 'metadata']);

/**
 * Every top-level key of a Messages body the endpoint reads: the unique ones, plus `speed` and
 * `thinking` (the admission's price and clamp floor). The rest of a 72 KB prompt is checked but
 * never built into objects (~110 µs of JSON.parse per Claude Code request).
 */
export const MESSAGES_READ_KEYS: ReadonlySet<string> = new Set([...MESSAGES_UNIQUE_KEYS, 'speed', 'thinking']);

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

/** The client's Messages body, prepared: its own bytes go upstream. */
function prepareMessages(ctx: RequestContext, json: Record<string, unknown>, raw: Buffer): PreparedRequest {
  const { model, stream } = readMessagesFields(json);
  return { request: json, body: raw, modelRequested: model, model, stream, sessionKey: sessionKeyFrom(ctx.req.headers, json) };
}

const messagesEndpoint: Endpoint = {
  ledger: 'anthropic',
  protocol: 'anthropic',
  uniqueKeys: MESSAGES_UNIQUE_KEYS,
  reads: MESSAGES_READ_KEYS,
  admits: true,
  prepare: prepareMessages,
  upstream: (ctx) => ({ path: '/v1/messages', search: ctx.search, headers: ctx.req.headers }),
  answer: (ctx, committed, _p, ending) => passThrough(ctx, committed, ending),
};

// Counting is free upstream, so it gets no ledger row (it would inflate request counts), and a
// mirror without it gets a local estimate.
const countTokensEndpoint: Endpoint = {
  ledger: 'anthropic',
  protocol: 'anthropic',
  uniqueKeys: MESSAGES_UNIQUE_KEYS,
  reads: MESSAGES_READ_KEYS,
  admits: false,
  skipLedger: true,
  prepare: prepareMessages,
  upstream: (ctx) => ({ path: '/v1/messages/count_tokens', search: ctx.search, headers: ctx.req.headers, metadata: true, expect: 'json' }),
  async answer(ctx, committed, p, ending) {
    if (committed.status === 404 || committed.status === 405) {
      committed.body.resume();
      committed.finish(committed.headerOutcome);
      sendJson(ctx.res, 200, { input_tokens: estimateInputTokens(reparsedRequest(p)) }, { 'x-ccgate-token-count': 'estimate', 'x-ccgate-request-id': ctx.requestId });
      return;
    }
    await passThrough(ctx, committed, ending);
  },
};

/** POST /anthropic/v1/messages */
export function handleMessages(ctx: RequestContext): Promise<void> {
  return runEndpoint(ctx, messagesEndpoint);
}

/** POST /anthropic/v1/messages/count_tokens; answers a local estimate when a mirror lacks it. */
export function handleCountTokens(ctx: RequestContext): Promise<void> {
  return runEndpoint(ctx, countTokensEndpoint);
}
