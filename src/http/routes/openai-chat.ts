// POST /openai/v1/chat/completions: the OpenAI chat adapter for the request pipeline
// (pipeline/run-endpoint.ts) around the pure OpenAI ⇄ Anthropic translation. Every failure is
// answered in OpenAI's shape with its real status, never as a 200.
import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayConfig } from '../../config/types.js';
import { GatewayError } from '../../domain/errors.js';
import { emptyUsage } from '../../domain/usage.js';
import { applyAnthropicUsage } from '../../protocol/anthropic-usage.js';
import type { AnthropicMessagesResponse } from '../../protocol/anthropic-types.js';
import { openaiErrorFromAnthropic, readAnthropicError } from '../../protocol/openai-errors.js';
import type { Committed } from '../../proxy/forward.js';
import { MAX_SESSION_ID_CHARS } from '../../routing/routing-defaults.js';
import { anthropicResponseToOpenai } from '../../translate/anthropic-response-to-openai.js';
import { createOpenaiStreamTranslator } from '../../translate/anthropic-stream-to-openai.js';
import { openaiRequestToAnthropic, type TranslatedOpenaiRequest } from '../../translate/openai-request-to-anthropic.js';
import { warningFields } from '../../translate/warning-fields.js';
import type { RequestContext } from '../context.js';
import { headerValue, parseJsonOrUndefined, readWholeBody, streamFailureEvent } from '../pipeline/committed-answer.js';
import type { Endpoint, PreparedRequest } from '../pipeline/endpoint.js';
import { runEndpoint } from '../pipeline/run-endpoint.js';
import { settleRequest, type Ending } from '../pipeline/settle.js';
import { streamTranslated } from '../pipeline/translated-stream.js';
import { sendJson } from '../respond.js';
import { assertModelNameLength } from './anthropic-messages.js';

/** Top-level keys of a chat request the gateway acts on: each must appear once (json-scan.ts). */
const CHAT_UNIQUE_KEYS: ReadonlySet<string> = new Set(['model', 'stream', 'max_tokens', 'max_completion_tokens', 'metadata']);

/** 404 (OpenAI shape) when the admin turned the endpoint off. */
export function assertOpenaiEnabled(config: GatewayConfig): void {
  if (!config.openai.enabled) throw new GatewayError('not_found', 'The OpenAI-compatible endpoint is disabled on this gateway (openai.enabled is false)');
}

/**
 * Upstream headers: a fresh Anthropic set, not the OpenAI client's (its SDK headers describe
 * another API); forward() adds the names the upstream's `forwardHeaders` lists, and the key.
 */
function anthropicHeaders(client: IncomingHttpHeaders): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };
  if (client['user-agent'] !== undefined) headers['user-agent'] = client['user-agent'];
  return headers;
}

/** Sticky routing only for an explicit `user` (routing scopes it by tenant and model). */
function sessionKeyOf(t: TranslatedOpenaiRequest): string | undefined {
  const user = t.request.metadata?.user_id;
  return user !== undefined && user.length <= MAX_SESSION_ID_CHARS ? user : undefined;
}

/** A chat request prepared: the translation and the Anthropic request it made. */
interface PreparedChat extends PreparedRequest {
  translated: TranslatedOpenaiRequest;
}

function prepareChat(ctx: RequestContext, json: Record<string, unknown>): PreparedChat {
  if (typeof json['model'] === 'string') assertModelNameLength(json['model']);
  const translated = openaiRequestToAnthropic(json, ctx.gen.config.openai);
  const { request } = translated;
  return {
    translated,
    request,
    body: Buffer.from(JSON.stringify(request)),
    modelRequested: translated.requestedModel,
    model: request.model,
    modelServed: request.model,
    stream: request.stream === true,
    sessionKey: sessionKeyOf(translated),
  };
}

/** `x-ccgate-warnings`: the names of ignored fields (never their values), also logged at debug. */
function warningHeaders(ctx: RequestContext, warnings: readonly string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  const fields = warningFields(warnings);
  ctx.services.logs.app.debug({ requestId: ctx.requestId, fields }, 'OpenAI request: fields ignored');
  return { 'x-ccgate-warnings': fields.join(',') };
}

/** An upstream error answer (status ≥ 400, before any byte went out) as an OpenAI error. */
async function answerUpstreamError(ctx: RequestContext, committed: Committed, ending: Ending, headers: Record<string, string>): Promise<void> {
  const { body } = await readWholeBody(ctx, committed);
  const parsed = committed.whole ? committed.whole.json : parseJsonOrUndefined(body);
  const mapped = openaiErrorFromAnthropic(committed.status, parsed);
  const retryAfter = headerValue(committed.headers['retry-after']);
  await settleRequest(ctx, { ...ending, status: mapped.status, errorType: readAnthropicError(parsed).type ?? `http_${committed.status}`, ttfbMs: committed.ttfbMs });
  sendJson(ctx.res, mapped.status, mapped.body, retryAfter === undefined ? headers : { ...headers, 'retry-after': retryAfter });
}

function isMessagesResponse(value: unknown): value is AnthropicMessagesResponse {
  return typeof value === 'object' && value !== null && Array.isArray((value as { content?: unknown }).content);
}

/** A complete non-streamed answer, translated; settled before it is sent. */
async function answerJson(ctx: RequestContext, committed: Committed, t: TranslatedOpenaiRequest, ending: Ending, headers: Record<string, string>): Promise<void> {
  const { body, failure } = await readWholeBody(ctx, committed);
  if (failure !== undefined) {
    ending.errorType = failure;
    const ev = streamFailureEvent(failure);
    throw new GatewayError(ev.type === 'timeout_error' ? 'upstream_timeout' : 'upstream_error', ev.message);
  }
  const resp = committed.whole ? committed.whole.json : parseJsonOrUndefined(body);
  if (!isMessagesResponse(resp)) throw new GatewayError('upstream_error', 'The upstream answer is not a Messages response');
  const completion = anthropicResponseToOpenai(resp, completionIdentity(ctx, t));
  const usage = emptyUsage();
  applyAnthropicUsage(usage, resp.usage);
  const modelServed = typeof resp.model === 'string' && resp.model !== '' ? resp.model : ending.modelServed;
  await settleRequest(ctx, { ...ending, modelServed, status: 200, usage, ttfbMs: committed.ttfbMs });
  sendJson(ctx.res, 200, completion, headers);
}

/** id, created and model of the completion: the model echoes what the client asked for. */
function completionIdentity(ctx: RequestContext, t: TranslatedOpenaiRequest): { id: string; created: number; model: string } {
  return { id: `chatcmpl-${ctx.requestId.replace(/^req_/, '')}`, created: Math.floor(ctx.startedAt / 1000), model: t.requestedModel };
}

const chatEndpoint: Endpoint<PreparedChat> = {
  ledger: 'openai',
  protocol: 'openai',
  uniqueKeys: CHAT_UNIQUE_KEYS,
  admits: true,
  check: assertOpenaiEnabled,
  prepare: prepareChat,
  // The OpenAI client's query string means nothing to Anthropic.
  upstream: (ctx) => ({ path: '/v1/messages', search: '', headers: anthropicHeaders(ctx.req.headers), extraHeadersFrom: ctx.req.headers }),
  async answer(ctx, committed, p, ending) {
    ending.upstream = committed.attempt.upstream;
    ctx.access.ttfbMs = committed.ttfbMs;
    const { translated } = p;
    const headers = warningHeaders(ctx, translated.warnings);
    if (committed.status >= 400) await answerUpstreamError(ctx, committed, ending, headers);
    else if (ending.stream) await streamTranslated(ctx, committed, createOpenaiStreamTranslator({ ...completionIdentity(ctx, translated), includeUsage: translated.includeUsage }), ending, headers);
    else await answerJson(ctx, committed, translated, ending, headers);
  },
};

/** POST /openai/v1/chat/completions */
export function handleChatCompletions(ctx: RequestContext): Promise<void> {
  return runEndpoint(ctx, chatEndpoint);
}
