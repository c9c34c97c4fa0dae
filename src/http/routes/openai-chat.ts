// POST /openai/v1/chat/completions: the OpenAI chat adapter for the request pipeline
// (pipeline/run-endpoint.ts) around the pure OpenAI ⇄ Anthropic translation. Every failure is
// answered in OpenAI's shape with its real status, never as a 200.
import { MAX_SESSION_ID_CHARS } from '../../routing/routing-defaults.js';
import { anthropicResponseToOpenai } from '../../translate/anthropic-response-to-openai.js';
import { createOpenaiStreamTranslator } from '../../translate/anthropic-stream-to-openai.js';
import { openaiRequestToAnthropic, type TranslatedOpenaiRequest } from '../../translate/openai-request-to-anthropic.js';
import type { RequestContext } from '../context.js';
import type { Endpoint, PreparedRequest } from '../pipeline/endpoint.js';
import { runEndpoint } from '../pipeline/run-endpoint.js';
import { assertModelNameLength } from './anthropic-messages.js';
import { answerTranslated, assertOpenaiEnabled, openaiUpstreamCall } from './openai-answers.js';

/** Top-level keys of a chat request the gateway acts on: each must appear once (json-scan.ts). */
const CHAT_UNIQUE_KEYS: ReadonlySet<string> = new Set(['model', 'stream', 'max_tokens', 'max_completion_tokens', 'metadata']);

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
  upstream: openaiUpstreamCall,
  answer(ctx, committed, { translated }, ending) {
    const identity = completionIdentity(ctx, translated);
    return answerTranslated(ctx, committed, ending, translated.warnings, {
      json: (resp) => anthropicResponseToOpenai(resp, identity),
      stream: () => createOpenaiStreamTranslator({ ...identity, includeUsage: translated.includeUsage }),
    });
  },
};

/** POST /openai/v1/chat/completions */
export function handleChatCompletions(ctx: RequestContext): Promise<void> {
  return runEndpoint(ctx, chatEndpoint);
}
