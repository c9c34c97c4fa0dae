// POST /openai/v1/responses: the OpenAI Responses API (Codex CLI, `client.responses.*` of the
// openai SDK) as an adapter for the request pipeline (pipeline/run-endpoint.ts) around the pure
// Responses ⇄ Anthropic translation (translate/responses-*.ts). No response store: a request
// carries its whole conversation, and previous_response_id or store: true is a clear 400.
import { uniqueBase62 } from '../../domain/ids.js';
import { MAX_SESSION_ID_CHARS } from '../../routing/routing-defaults.js';
import { anthropicResponseToResponses } from '../../translate/anthropic-response-to-responses.js';
import { createResponsesStreamTranslator } from '../../translate/anthropic-stream-to-responses.js';
import type { ResponsesAnswerOptions } from '../../translate/responses-answer.js';
import { responsesRequestToAnthropic, type TranslatedResponsesRequest } from '../../translate/responses-request-to-anthropic.js';
import type { RequestContext } from '../context.js';
import { runEndpoint } from '../pipeline/run-endpoint.js';
import { assertModelNameLength } from './anthropic-messages.js';
import { openaiEndpoint } from './openai-answers.js';

/** Top-level keys of a Responses request the gateway acts on: each must appear once (json-scan.ts). */
const RESPONSES_UNIQUE_KEYS: ReadonlySet<string> = new Set(['model', 'stream', 'max_output_tokens', 'metadata', 'prompt_cache_key']);

/** The answer side's settings plus ids (OpenAI's prefixes; unique, not random) and the request's time. */
function answerOptions(ctx: RequestContext, t: TranslatedResponsesRequest): ResponsesAnswerOptions {
  return { ...t.answer, newId: (kind) => `${kind}_${uniqueBase62(24)}`, createdAt: Math.floor(ctx.startedAt / 1000) };
}

const responsesEndpoint = openaiEndpoint<TranslatedResponsesRequest>({
  ledger: 'openai-responses',
  uniqueKeys: RESPONSES_UNIQUE_KEYS,
  translate(ctx, json) {
    if (typeof json['model'] === 'string') assertModelNameLength(json['model']);
    const translated = responsesRequestToAnthropic(json, ctx.gen.config.openai);
    const { body: request, sessionKey } = translated;
    // prompt_cache_key keeps a conversation on one upstream (its prompt cache); an oversized key is ignored.
    const sticky = sessionKey !== undefined && sessionKey.length <= MAX_SESSION_ID_CHARS ? sessionKey : undefined;
    return { translated, requestedModel: translated.requestedModel, request, stream: translated.stream, sessionKey: sticky };
  },
  warnings: (t) => t.warnings,
  renderers(ctx, t) {
    const opts = answerOptions(ctx, t);
    return { json: (resp) => anthropicResponseToResponses(resp, opts), stream: () => createResponsesStreamTranslator(opts) };
  },
});

/** POST /openai/v1/responses */
export function handleResponses(ctx: RequestContext): Promise<void> {
  return runEndpoint(ctx, responsesEndpoint);
}
