// POST /openai/v1/chat/completions: the OpenAI chat adapter for the request pipeline
// (pipeline/run-endpoint.ts) around the pure OpenAI ⇄ Anthropic translation. Every failure is
// answered in OpenAI's shape with its real status, never as a 200.
import { MAX_SESSION_ID_CHARS } from '../../routing/routing-defaults.js';
import { anthropicResponseToOpenai } from '../../translate/anthropic-response-to-openai.js';
import { createOpenaiStreamTranslator } from '../../translate/anthropic-stream-to-openai.js';
import { openaiRequestToAnthropic, type TranslatedOpenaiRequest } from '../../translate/openai-request-to-anthropic.js';
import type { RequestContext } from '../context.js';
import { runEndpoint } from '../pipeline/run-endpoint.js';
import { assertModelNameLength } from './anthropic-messages.js';
import { openaiEndpoint } from './openai-answers.js';

/** Top-level keys of a chat request the gateway acts on: each must appear once (json-scan.ts). */
const CHAT_UNIQUE_KEYS: ReadonlySet<string> = new Set(['model', 'stream', 'max_tokens', 'max_completion_tokens', 'metadata']);

/** Sticky routing only for an explicit `user` (routing scopes it by tenant and model). */
function sessionKeyOf(t: TranslatedOpenaiRequest): string | undefined {
  const user = t.request.metadata?.user_id;
  return user !== undefined && user.length <= MAX_SESSION_ID_CHARS ? user : undefined;
}

/** id, created and model of the completion: the model echoes what the client asked for. */
function completionIdentity(ctx: RequestContext, t: TranslatedOpenaiRequest): { id: string; created: number; model: string } {
  return { id: `chatcmpl-${ctx.requestId.replace(/^req_/, '')}`, created: Math.floor(ctx.startedAt / 1000), model: t.requestedModel };
}

const chatEndpoint = openaiEndpoint<TranslatedOpenaiRequest>({
  ledger: 'openai',
  uniqueKeys: CHAT_UNIQUE_KEYS,
  translate(ctx, json) {
    if (typeof json['model'] === 'string') assertModelNameLength(json['model']);
    const translated = openaiRequestToAnthropic(json, ctx.gen.config.openai);
    const { request } = translated;
    return { translated, requestedModel: translated.requestedModel, request, stream: request.stream === true, sessionKey: sessionKeyOf(translated) };
  },
  warnings: (t) => t.warnings,
  renderers(ctx, t) {
    const identity = completionIdentity(ctx, t);
    const { includeUsage } = t; // not `t` itself in the closures: it holds the request tree
    return {
      json: (resp) => anthropicResponseToOpenai(resp, identity),
      stream: () => createOpenaiStreamTranslator({ ...identity, includeUsage }),
    };
  },
});

/** POST /openai/v1/chat/completions */
export function handleChatCompletions(ctx: RequestContext): Promise<void> {
  return runEndpoint(ctx, chatEndpoint);
}
