// What the Responses answer side needs (settings from the request, ids and time from the shell) and
// the `response` object both the JSON answer and the stream's lifecycle events carry.
import type { ResponsesEcho, ResponsesError, ResponsesIncompleteReason, ResponsesOutputItem, ResponsesResponse, ResponsesUsage } from '../protocol/openai-responses-types.js';
import type { ToolIdentity } from './responses-tool-names.js';

/** Settings the request translation hands to the answer side. */
export interface ResponsesAnswerSettings {
  /** The model name the client sent; answers echo it. */
  model: string;
  /** Anthropic tool name → the client's `{namespace?, name}`. */
  toolNames: ReadonlyMap<string, ToolIdentity>;
  /** `include` asked for `reasoning.encrypted_content`: reasoning items carry the thinking block. */
  includeEncryptedReasoning: boolean;
  /** `reasoning.summary` was set: thinking text is shown as the reasoning summary. */
  showReasoningSummary: boolean;
  /** The request's settings, echoed on the `response` object. */
  echo: ResponsesEcho;
}

/** Id prefixes, as OpenAI uses them: response, message, reasoning, function call, web search. */
export type ResponsesIdKind = 'resp' | 'msg' | 'rs' | 'fc' | 'ws';

/** Everything the answer side needs; ids and time come from the shell (pure core). */
export interface ResponsesAnswerOptions extends ResponsesAnswerSettings {
  /** A fresh id for an object of the given kind, e.g. `msg_…`. */
  newId: (kind: ResponsesIdKind) => string;
  /** Unix time in seconds. */
  createdAt: number;
}

/** How the response ended; `failed` carries OpenAI's error code and a message. */
export type ResponsesOutcome =
  | { status: 'in_progress' }
  | { status: 'completed' }
  | { status: 'incomplete'; reason: ResponsesIncompleteReason }
  | { status: 'failed'; error: ResponsesError };

/** The `response` object for the given state. */
export function responseObject(
  opts: ResponsesAnswerOptions,
  id: string,
  outcome: ResponsesOutcome,
  output: ResponsesOutputItem[],
  usage: ResponsesUsage | null,
): ResponsesResponse {
  return {
    id,
    object: 'response',
    created_at: opts.createdAt,
    status: outcome.status,
    error: outcome.status === 'failed' ? outcome.error : null,
    incomplete_details: outcome.status === 'incomplete' ? { reason: outcome.reason } : null,
    model: opts.model,
    output,
    previous_response_id: null,
    usage,
    ...opts.echo,
  };
}
