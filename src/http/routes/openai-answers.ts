// What the OpenAI-protocol endpoints (chat completions, Responses) share around their translators:
// the switch, the upstream call, the warnings header, and the committed answer rendered in OpenAI's
// shapes — an upstream error as an OpenAI error with its real status, a whole answer translated and
// settled before it is sent, a stream through the endpoint's translator.
import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayConfig } from '../../config/types.js';
import { GatewayError } from '../../domain/errors.js';
import { emptyUsage } from '../../domain/usage.js';
import type { AnthropicMessagesResponse } from '../../protocol/anthropic-types.js';
import { applyAnthropicUsage } from '../../protocol/anthropic-usage.js';
import { openaiErrorFromAnthropic, readAnthropicError } from '../../protocol/openai-errors.js';
import type { Committed } from '../../proxy/forward.js';
import { warningFields } from '../../translate/warning-fields.js';
import type { RequestContext } from '../context.js';
import { headerValue, parseJsonOrUndefined, readWholeBody, streamFailureEvent } from '../pipeline/committed-answer.js';
import type { Endpoint, PreparedRequest, UpstreamCall } from '../pipeline/endpoint.js';
import { settleRequest, type Ending } from '../pipeline/settle.js';
import { streamTranslated, type StreamTranslator } from '../pipeline/translated-stream.js';
import { sendJson } from '../respond.js';

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

/** The upstream call of a translated request; the OpenAI client's query string means nothing to Anthropic. */
function openaiUpstreamCall(ctx: RequestContext): UpstreamCall {
  return { path: '/v1/messages', search: '', headers: anthropicHeaders(ctx.req.headers), extraHeadersFrom: ctx.req.headers };
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

/** A complete non-streamed answer, translated by `render`; settled before it is sent. */
async function answerJson(ctx: RequestContext, committed: Committed, ending: Ending, headers: Record<string, string>, render: (resp: AnthropicMessagesResponse) => unknown): Promise<void> {
  const { body, failure } = await readWholeBody(ctx, committed);
  if (failure !== undefined) {
    ending.errorType = failure;
    const ev = streamFailureEvent(failure);
    throw new GatewayError(ev.type === 'timeout_error' ? 'upstream_timeout' : 'upstream_error', ev.message);
  }
  const resp = committed.whole ? committed.whole.json : parseJsonOrUndefined(body);
  if (!isMessagesResponse(resp)) throw new GatewayError('upstream_error', 'The upstream answer is not a Messages response');
  const answer = render(resp);
  const usage = emptyUsage();
  applyAnthropicUsage(usage, resp.usage);
  const modelServed = typeof resp.model === 'string' && resp.model !== '' ? resp.model : ending.modelServed;
  await settleRequest(ctx, { ...ending, modelServed, status: 200, usage, ttfbMs: committed.ttfbMs });
  sendJson(ctx.res, 200, answer, headers);
}

/** How an endpoint renders Claude's answer: whole, or as a stream through a fresh translator. */
export interface Renderers {
  json(resp: AnthropicMessagesResponse): unknown;
  stream(): StreamTranslator;
}

/** Renders the committed answer of a translated request in the endpoint's OpenAI shape. */
async function answerTranslated(ctx: RequestContext, committed: Committed, ending: Ending, warnings: readonly string[], render: Renderers): Promise<void> {
  ending.upstream = committed.attempt.upstream;
  ctx.access.ttfbMs = committed.ttfbMs;
  const headers = warningHeaders(ctx, warnings);
  if (committed.status >= 400) await answerUpstreamError(ctx, committed, ending, headers);
  else if (ending.stream) await streamTranslated(ctx, committed, render.stream(), ending, headers);
  else await answerJson(ctx, committed, ending, headers, render.json);
}

/**
 * A translated request prepared for the pipeline: the Anthropic body serialised once, and what the
 * answer needs (the renderers and the warnings) taken from the translation at once, so that
 * nothing past admission holds the translated request's tree (pipeline/endpoint.ts `Forwarded`).
 */
export type PreparedTranslation = PreparedRequest & { warnings: readonly string[]; render: Renderers };

/** What an OpenAI-protocol endpoint is made of: its translators and what the ledger calls it. */
export interface OpenaiEndpointSpec<T> {
  ledger: Endpoint['ledger'];
  /** Top-level keys the gateway acts on (json-scan.ts). */
  uniqueKeys: ReadonlySet<string>;
  /** The client's JSON translated; throws 400s naming the field. */
  translate(ctx: RequestContext, json: Record<string, unknown>): { translated: T; requestedModel: string; request: Record<string, unknown> & { model: string }; stream: boolean; sessionKey: string | undefined };
  /** Names of the fields the translation dropped. */
  warnings(t: T): readonly string[];
  /** How Claude's answer is rendered for this request (made when the request is prepared: it must not keep `t`, whose request tree is dropped after admission). */
  renderers(ctx: RequestContext, t: T): Renderers;
}

/** The pipeline adapter of an OpenAI-protocol endpoint (chat completions, Responses). */
export function openaiEndpoint<T>(spec: OpenaiEndpointSpec<T>): Endpoint<PreparedTranslation> {
  return {
    ledger: spec.ledger,
    protocol: 'openai',
    uniqueKeys: spec.uniqueKeys,
    admits: true,
    check: assertOpenaiEnabled,
    prepare(ctx, json) {
      const { translated, requestedModel, request, stream, sessionKey } = spec.translate(ctx, json);
      const answerSide = { warnings: spec.warnings(translated), render: spec.renderers(ctx, translated) };
      return { ...answerSide, request, body: Buffer.from(JSON.stringify(request)), modelRequested: requestedModel, model: request.model, modelServed: request.model, stream, sessionKey };
    },
    upstream: openaiUpstreamCall,
    answer: (ctx, committed, { warnings, render }, ending) => answerTranslated(ctx, committed, ending, warnings, render),
  };
}
