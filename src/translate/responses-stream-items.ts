// The output items of one streamed Responses answer: which Anthropic block feeds which item, and
// the item events (added, deltas, done) each block start, delta and stop turns into. A run of text
// blocks is one message item with one output_text part; it closes when a non-text block starts or
// the response ends. Used by anthropic-stream-to-responses.ts, which owns the response lifecycle.
import type { ResponsesStreamEventBody } from '../protocol/openai-responses-events.js';
import type { ResponsesItemStatus, ResponsesOutputItem, ResponsesUrlCitation } from '../protocol/openai-responses-types.js';
import type { ResponsesAnswerOptions } from './responses-answer.js';
import { functionCallItem, messageItem, reasoningItem, searchQuery, searchStatus, urlCitations, webSearchItem } from './responses-output-items.js';
import { identityOf } from './responses-tool-names.js';

type Json = Record<string, unknown>;
type Emit = (body: ResponsesStreamEventBody) => string;

/** An open item: its id and place in `output`. */
interface Slot {
  id: string;
  outputIndex: number;
}

/** What an open Anthropic block is feeding. */
type OpenBlock =
  | { kind: 'text'; start: number; citations: unknown[] }
  | ({ kind: 'thinking'; thinking: string; signature: string; summaryOpen: boolean } & Slot)
  | ({ kind: 'redacted'; data: string } & Slot)
  | ({ kind: 'call'; callId: string; flatName: string; args: string } & Slot)
  | ({ kind: 'search'; callId: string; json: string } & Slot);

interface OpenMessage extends Slot {
  text: string;
  annotations: ResponsesUrlCitation[];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Item state and events of one streamed answer. */
export class ResponsesItemStreams {
  hadThinking = false;
  /** UTF-8 bytes of answer text and tool arguments (for the reasoning-token estimate). */
  visibleBytes = 0;
  private readonly items: ResponsesOutputItem[] = [];
  private readonly blocks = new Map<number, OpenBlock>();
  private message: OpenMessage | undefined;
  /** Web searches waiting for their result block, by Claude's call id. */
  private readonly searches = new Map<string, Slot & { query: string | undefined }>();

  constructor(
    private readonly opts: ResponsesAnswerOptions,
    private readonly emit: Emit,
  ) {}

  /** Every item so far, in output order (finished ones complete, open ones as added). */
  output(): ResponsesOutputItem[] {
    return [...this.items];
  }

  blockStart(index: number, block: Json): string {
    const type = block['type'];
    let out = type === 'text' ? '' : this.closeMessage('completed');
    switch (type) {
      case 'text': {
        out += this.openMessage();
        this.blocks.set(index, { kind: 'text', start: this.message?.text.length ?? 0, citations: [] });
        return out + this.text(str(block['text']));
      }
      case 'thinking': {
        this.hadThinking = true;
        const slot = this.add({ type: 'reasoning', id: this.opts.newId('rs'), summary: [] });
        const open: OpenBlock = { kind: 'thinking', thinking: '', signature: str(block['signature']), summaryOpen: false, ...slot.slot };
        this.blocks.set(index, open);
        return out + slot.event + this.thinking(open, str(block['thinking']));
      }
      case 'redacted_thinking': {
        this.hadThinking = true;
        const slot = this.add({ type: 'reasoning', id: this.opts.newId('rs'), summary: [] });
        this.blocks.set(index, { kind: 'redacted', data: str(block['data']), ...slot.slot });
        return out + slot.event;
      }
      case 'tool_use': {
        const callId = str(block['id']);
        const flatName = str(block['name']);
        const slot = this.add(functionCallItem(this.opts.newId('fc'), callId, flatName, '', 'in_progress', this.opts));
        this.blocks.set(index, { kind: 'call', callId, flatName, args: '', ...slot.slot });
        return out + slot.event;
      }
      case 'server_tool_use': {
        if (block['name'] !== 'web_search') return out;
        const slot = this.add(webSearchItem(this.opts.newId('ws'), 'in_progress', undefined));
        const input = block['input'];
        const json = typeof input === 'object' && input !== null && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
        this.blocks.set(index, { kind: 'search', callId: str(block['id']), json, ...slot.slot });
        return out + slot.event;
      }
      case 'web_search_tool_result':
        return out + this.searchResult(str(block['tool_use_id']), block['content']);
      default:
        // Blocks newer than this code have no Responses form.
        return out;
    }
  }

  blockDelta(index: number, delta: Json): string {
    const open = this.blocks.get(index);
    if (open === undefined) return '';
    switch (delta['type']) {
      case 'text_delta':
        return open.kind === 'text' ? this.text(str(delta['text'])) : '';
      case 'citations_delta':
        if (open.kind === 'text') open.citations.push(delta['citation']);
        return '';
      case 'thinking_delta':
        return open.kind === 'thinking' ? this.thinking(open, str(delta['thinking'])) : '';
      case 'signature_delta':
        if (open.kind === 'thinking') open.signature += str(delta['signature']);
        return '';
      case 'input_json_delta': {
        const partial = str(delta['partial_json']);
        if (open.kind === 'search') open.json += partial;
        if (open.kind !== 'call' || partial === '') return '';
        open.args += partial;
        return this.emit({ type: 'response.function_call_arguments.delta', item_id: open.id, output_index: open.outputIndex, delta: partial });
      }
      default:
        return '';
    }
  }

  blockStop(index: number): string {
    const open = this.blocks.get(index);
    if (open === undefined) return '';
    this.blocks.delete(index);
    switch (open.kind) {
      case 'text':
        return this.annotate(open.start, open.citations);
      case 'thinking': {
        const block = { type: 'thinking' as const, thinking: open.thinking, signature: open.signature };
        const ref = { item_id: open.id, output_index: open.outputIndex, summary_index: 0 };
        const summary = open.summaryOpen
          ? this.emit({ type: 'response.reasoning_summary_text.done', ...ref, text: open.thinking }) +
            this.emit({ type: 'response.reasoning_summary_part.done', ...ref, part: { type: 'summary_text', text: open.thinking } })
          : '';
        return summary + this.done(open, reasoningItem(open.id, block, this.opts));
      }
      case 'redacted':
        return this.done(open, reasoningItem(open.id, { type: 'redacted_thinking', data: open.data }, this.opts));
      case 'call': {
        // A call without parameters gets no JSON fragment; "{}" keeps its arguments parseable.
        const args = open.args === '' ? '{}' : open.args;
        this.visibleBytes += Buffer.byteLength(args, 'utf8');
        const { name } = identityOf(this.opts.toolNames, open.flatName);
        const ref = { item_id: open.id, output_index: open.outputIndex };
        return (
          this.emit({ type: 'response.function_call_arguments.done', ...ref, arguments: args, name }) +
          this.done(open, functionCallItem(open.id, open.callId, open.flatName, args, 'completed', this.opts))
        );
      }
      case 'search': {
        let query: string | undefined;
        try {
          query = searchQuery(JSON.parse(open.json === '' ? '{}' : open.json));
        } catch {
          query = undefined;
        }
        // Done when its result block arrives (or failed if the stream ends first).
        this.searches.set(open.callId, { id: open.id, outputIndex: open.outputIndex, query });
        return '';
      }
      default: {
        const unreachable: never = open;
        return unreachable;
      }
    }
  }

  /** At message_stop: open blocks stop, the message closes with `messageStatus`, pending searches fail. */
  finishAll(messageStatus: ResponsesItemStatus): string {
    let out = [...this.blocks.keys()].map((index) => this.blockStop(index)).join('');
    out += this.closeMessage(messageStatus);
    for (const callId of [...this.searches.keys()]) out += this.searchResult(callId, { type: 'web_search_tool_result_error' });
    return out;
  }

  /** After a failure: unfinished items are marked incomplete in `output`, without done events. */
  abandon(): ResponsesOutputItem[] {
    if (this.message !== undefined) {
      const { id, outputIndex, text, annotations } = this.message;
      this.items[outputIndex] = messageItem(id, text, annotations, 'incomplete');
    }
    for (const open of this.blocks.values()) {
      if (open.kind === 'call') this.items[open.outputIndex] = functionCallItem(open.id, open.callId, open.flatName, open.args, 'incomplete', this.opts);
      if (open.kind === 'search') this.items[open.outputIndex] = webSearchItem(open.id, 'failed', undefined);
      // The signature never arrived, so there is nothing to carry; the text seen so far is kept.
      if (open.kind === 'thinking' && open.summaryOpen) {
        this.items[open.outputIndex] = { type: 'reasoning', id: open.id, summary: [{ type: 'summary_text', text: open.thinking }], status: 'incomplete' };
      }
    }
    for (const s of this.searches.values()) this.items[s.outputIndex] = webSearchItem(s.id, 'failed', s.query);
    return this.output();
  }

  private add(item: ResponsesOutputItem): { slot: Slot; event: string } {
    const slot = { id: item.id, outputIndex: this.items.length };
    this.items.push(item);
    return { slot, event: this.emit({ type: 'response.output_item.added', output_index: slot.outputIndex, item }) };
  }

  private done(slot: Slot, item: ResponsesOutputItem): string {
    this.items[slot.outputIndex] = item;
    return this.emit({ type: 'response.output_item.done', output_index: slot.outputIndex, item });
  }

  private openMessage(): string {
    if (this.message !== undefined) return '';
    const { slot, event } = this.add(messageItem(this.opts.newId('msg'), '', [], 'in_progress'));
    this.message = { ...slot, text: '', annotations: [] };
    const part = { type: 'output_text' as const, text: '', annotations: [], logprobs: [] as [] };
    return event + this.emit({ type: 'response.content_part.added', item_id: slot.id, output_index: slot.outputIndex, content_index: 0, part });
  }

  private text(delta: string): string {
    const m = this.message;
    if (m === undefined || delta === '') return '';
    m.text += delta;
    this.visibleBytes += Buffer.byteLength(delta, 'utf8');
    return this.emit({ type: 'response.output_text.delta', item_id: m.id, output_index: m.outputIndex, content_index: 0, delta, logprobs: [] });
  }

  /** A text block's citations become annotations spanning its text, once the block is complete. */
  private annotate(start: number, citations: unknown[]): string {
    const m = this.message;
    if (m === undefined) return '';
    return urlCitations(citations, start, m.text.length)
      .map((annotation) => {
        m.annotations.push(annotation);
        const ref = { item_id: m.id, output_index: m.outputIndex, content_index: 0 };
        return this.emit({ type: 'response.output_text.annotation.added', ...ref, annotation_index: m.annotations.length - 1, annotation });
      })
      .join('');
  }

  private closeMessage(status: ResponsesItemStatus): string {
    const m = this.message;
    if (m === undefined) return '';
    this.message = undefined;
    const item = messageItem(m.id, m.text, m.annotations, status);
    const ref = { item_id: m.id, output_index: m.outputIndex, content_index: 0 };
    return (
      this.emit({ type: 'response.output_text.done', ...ref, text: m.text, logprobs: [] }) +
      this.emit({ type: 'response.content_part.done', ...ref, part: item.content[0]! }) +
      this.done(m, item)
    );
  }

  /** Thinking text is shown as summary index 0 when the client asked for a summary. */
  private thinking(open: Extract<OpenBlock, { kind: 'thinking' }>, delta: string): string {
    if (delta === '') return '';
    open.thinking += delta;
    if (!this.opts.showReasoningSummary) return '';
    const ref = { item_id: open.id, output_index: open.outputIndex, summary_index: 0 };
    let out = '';
    if (!open.summaryOpen) {
      open.summaryOpen = true;
      out += this.emit({ type: 'response.reasoning_summary_part.added', ...ref, part: { type: 'summary_text', text: '' } });
    }
    return out + this.emit({ type: 'response.reasoning_summary_text.delta', ...ref, delta });
  }

  private searchResult(callId: string, content: unknown): string {
    const s = this.searches.get(callId);
    if (s === undefined) return '';
    this.searches.delete(callId);
    return this.done(s, webSearchItem(s.id, searchStatus(content), s.query));
  }
}
