// Translates a non-streaming Anthropic Messages response into a Responses API `response` object.
// The items are the ones the stream translator emits for the same content, in the same order and
// with ids drawn in the same order (the response id first); only a call's `arguments` differ in
// spacing (here re-serialised from `input`, there Claude's JSON text as streamed).
import { emptyUsage } from '../domain/usage.js';
import { applyAnthropicUsage } from '../protocol/anthropic-usage.js';
import type { AnthropicMessagesResponse } from '../protocol/anthropic-types.js';
import type { ResponsesOutputItem, ResponsesOutputWebSearch, ResponsesResponse, ResponsesUrlCitation } from '../protocol/openai-responses-types.js';
import { convertResponsesUsage, estimateReasoningTokens } from './convert-responses-usage.js';
import { outcomeOfStopReason } from './map-responses-outcome.js';
import { responseObject, type ResponsesAnswerOptions } from './responses-answer.js';
import { functionCallItem, messageItem, reasoningItem, searchQuery, searchStatus, urlCitations, webSearchItem } from './responses-output-items.js';

/** A run of text blocks becoming one message item. */
interface OpenMessage {
  id: string;
  text: string;
  annotations: ResponsesUrlCitation[];
}

/** Walks the content blocks in order, collecting output items. */
class OutputBuilder {
  readonly items: ResponsesOutputItem[] = [];
  hadThinking = false;
  visibleBytes = 0;
  private message: OpenMessage | undefined;
  private readonly searches = new Map<string, ResponsesOutputWebSearch>();

  constructor(private readonly opts: ResponsesAnswerOptions) {}

  add(block: AnthropicMessagesResponse['content'][number]): void {
    if (block.type !== 'text') this.closeMessage('completed');
    switch (block.type) {
      case 'text': {
        const m = (this.message ??= { id: this.opts.newId('msg'), text: '', annotations: [] });
        const start = m.text.length;
        m.text += block.text;
        m.annotations.push(...urlCitations(block.citations ?? [], start, m.text.length));
        this.visibleBytes += Buffer.byteLength(block.text, 'utf8');
        return;
      }
      case 'thinking':
      case 'redacted_thinking':
        this.hadThinking = true;
        this.items.push(reasoningItem(this.opts.newId('rs'), block, this.opts));
        return;
      case 'tool_use': {
        const args = JSON.stringify(block.input ?? {});
        this.visibleBytes += Buffer.byteLength(args, 'utf8');
        this.items.push(functionCallItem(this.opts.newId('fc'), block.id, block.name, args, 'completed', this.opts));
        return;
      }
      case 'server_tool_use': {
        if (block.name !== 'web_search') return;
        const item = webSearchItem(this.opts.newId('ws'), 'failed', searchQuery(block.input));
        this.searches.set(block.id, item);
        this.items.push(item);
        return;
      }
      case 'web_search_tool_result': {
        const item = this.searches.get(block.tool_use_id);
        if (item !== undefined) item.status = searchStatus(block.content);
        return;
      }
      case 'image':
      case 'document':
      case 'tool_result':
        // Blocks of user turns; Claude does not answer with them.
        return;
      default: {
        // Block types newer than this code have no Responses form (checked exhaustive at compile time).
        const unknown: never = block;
        return unknown;
      }
    }
  }

  /** A message is closed by the next non-text block, or by the end of the response. */
  closeMessage(status: 'completed' | 'incomplete'): void {
    if (this.message === undefined) return;
    const { id, text, annotations } = this.message;
    this.items.push(messageItem(id, text, annotations, status));
    this.message = undefined;
  }
}

/** The Responses `response` object for an Anthropic response. */
export function anthropicResponseToResponses(resp: AnthropicMessagesResponse, opts: ResponsesAnswerOptions): ResponsesResponse {
  const id = opts.newId('resp');
  const builder = new OutputBuilder(opts);
  for (const block of resp.content) builder.add(block);
  const outcome = outcomeOfStopReason(resp.stop_reason);
  builder.closeMessage(outcome.status === 'completed' ? 'completed' : 'incomplete');
  const usage = emptyUsage();
  applyAnthropicUsage(usage, resp.usage);
  const reasoning = estimateReasoningTokens(usage.outputTokens, builder.hadThinking, builder.visibleBytes);
  return responseObject(opts, id, outcome, builder.items, convertResponsesUsage(usage, reasoning));
}
