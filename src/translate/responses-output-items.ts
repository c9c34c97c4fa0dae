// Builds the Responses output items from Claude's content, for the JSON answer and the stream alike
// (so both give the same items): reasoning, message, function_call, web_search_call.
import type {
  ResponsesItemStatus,
  ResponsesOutputFunctionCall,
  ResponsesOutputMessage,
  ResponsesOutputReasoning,
  ResponsesOutputWebSearch,
  ResponsesUrlCitation,
} from '../protocol/openai-responses-types.js';
import { encodeThinking, type CarriedThinking } from './reasoning-encrypted-content.js';
import { isRecord } from './request-fields.js';
import type { ResponsesAnswerSettings } from './responses-answer.js';
import { identityOf } from './responses-tool-names.js';

/** A message item with one output_text part holding all text of one run of text blocks. */
export function messageItem(id: string, text: string, annotations: ResponsesUrlCitation[], status: ResponsesItemStatus): ResponsesOutputMessage {
  return { type: 'message', id, role: 'assistant', status, content: [{ type: 'output_text', text, annotations, logprobs: [] }] };
}

/**
 * A reasoning item for a thinking or redacted-thinking block: the thinking text is its summary
 * when the client asked for one; the block itself rides in encrypted_content when `include` asks.
 */
export function reasoningItem(id: string, block: CarriedThinking, settings: ResponsesAnswerSettings): ResponsesOutputReasoning {
  const item: ResponsesOutputReasoning = { type: 'reasoning', id, summary: [] };
  if (settings.showReasoningSummary && block.type === 'thinking' && block.thinking !== '') item.summary.push({ type: 'summary_text', text: block.thinking });
  if (settings.includeEncryptedReasoning) item.encrypted_content = encodeThinking(block);
  return item;
}

/** A function_call item, named back to what the client called it (with its namespace). */
export function functionCallItem(
  id: string,
  callId: string,
  flatName: string,
  args: string,
  status: ResponsesItemStatus,
  settings: ResponsesAnswerSettings,
): ResponsesOutputFunctionCall {
  const { namespace, name } = identityOf(settings.toolNames, flatName);
  const item: ResponsesOutputFunctionCall = { type: 'function_call', id, call_id: callId, name, arguments: args, status };
  if (namespace !== undefined) item.namespace = namespace;
  return item;
}

/** A web_search_call item for Claude's server-side search. */
export function webSearchItem(id: string, status: ResponsesOutputWebSearch['status'], query: string | undefined): ResponsesOutputWebSearch {
  const item: ResponsesOutputWebSearch = { type: 'web_search_call', id, status };
  if (query !== undefined) item.action = { type: 'search', query };
  return item;
}

/** The query of a web search call's input, when it has one. */
export function searchQuery(input: unknown): string | undefined {
  const query = isRecord(input) ? input['query'] : undefined;
  return typeof query === 'string' ? query : undefined;
}

/** `completed`, or `failed` for Claude's `web_search_tool_result_error` content. */
export function searchStatus(content: unknown): 'completed' | 'failed' {
  return isRecord(content) && content['type'] === 'web_search_tool_result_error' ? 'failed' : 'completed';
}

/**
 * Claude's web-search citations on a text block → url_citation annotations spanning that block's
 * text inside the part (indices in UTF-16 code units, as JavaScript counts). Citations of other
 * kinds (document locations) have no URL and no Responses form.
 */
export function urlCitations(citations: readonly unknown[], start: number, end: number): ResponsesUrlCitation[] {
  return citations.flatMap((c) => {
    if (!isRecord(c) || c['type'] !== 'web_search_result_location' || typeof c['url'] !== 'string') return [];
    const title = typeof c['title'] === 'string' ? c['title'] : '';
    return [{ type: 'url_citation', url: c['url'], title, start_index: start, end_index: end }];
  });
}
