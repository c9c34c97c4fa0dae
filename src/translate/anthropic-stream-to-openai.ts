// Translates an Anthropic Messages event stream into OpenAI `chat.completion.chunk` data lines.
// An explicit state machine fed with parsed SSE frames (never raw bytes, so split frames and split
// UTF-8 characters cannot matter). Spec: reference/openai-mapping.md "Stream".
import { emptyUsage, type Usage } from '../domain/usage.js';
import { applyAnthropicUsage } from '../protocol/anthropic-usage.js';
import type { AnthropicUsage } from '../protocol/anthropic-types.js';
import { openaiErrorFromAnthropicType } from '../protocol/openai-errors.js';
import type { OpenaiChatCompletionChunk, OpenaiChunkDelta, OpenaiFinishReason } from '../protocol/openai-types.js';
import { formatSseData, type SseFrame } from '../protocol/sse.js';
import { parsedDeltaBytes } from '../protocol/delta-size.js';
import { convertUsage } from './convert-usage.js';
import { mapStopReason } from './map-stop-reason.js';

/** Identity of the stream; `includeUsage` is the client's `stream_options.include_usage`. */
export interface OpenaiStreamOptions {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
}

/** Feeds frames in, returns the text to write to the client (zero or more `data: …\n\n` lines). */
export interface OpenaiStreamTranslator {
  /** One upstream frame. On `message_stop` this emits the usage chunk (if asked) and `data: [DONE]`. */
  frame(f: SseFrame): string;
  /** The gateway broke the stream: a final `data: {"error":…}` line, then nothing more. */
  fail(errorType: string, message: string): string;
  /** Upstream ended. Empty after a complete stream; an error line if it was cut before message_stop. */
  end(): string;
  /** Usage seen so far (latest value of each counter wins; see anthropic-usage.ts). */
  readonly usage: Usage;
  /** True once `message_stop` arrived and `[DONE]` was emitted. */
  readonly completed: boolean;
  /** Anthropic error type of the error line sent (upstream `error` event, unreadable frame, fail, cut). */
  readonly errorType: string | undefined;
  /** `model` the upstream reported in message_start (what the ledger prices). */
  readonly servedModel: string | undefined;
  /** UTF-8 bytes of text, thinking and tool-input deltas received (a cut stream is charged from them). */
  readonly outputBytes: number;
  /** True once message_delta brought the final output count. */
  readonly finalUsage: boolean;
}

/**
 * awaiting_start → streaming (role chunk sent) → finishing (finish_reason sent) → done ([DONE] sent).
 * Any open state → failed (error line sent). done and failed are terminal: they emit nothing more.
 * After an error line no `[DONE]` follows: the openai SDK throws on a data line carrying `error`,
 * and other clients see the connection close, so the error stays the last word.
 */
type StreamState = 'awaiting_start' | 'streaming' | 'finishing' | 'done' | 'failed';

interface ToolSlot {
  index: number;
  sentArguments: boolean;
}

type Json = Record<string, unknown>;

function parseFrame(f: SseFrame): { type: string; data: Json } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(f.data);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const obj = data as Json;
  const type = typeof obj['type'] === 'string' ? obj['type'] : f.event;
  return type === undefined ? undefined : { type, data: obj };
}

function record(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The state machine; one instance per response. */
class StreamTranslator implements OpenaiStreamTranslator {
  readonly usage: Usage = emptyUsage();
  errorType: string | undefined;
  servedModel: string | undefined;
  outputBytes = 0;
  finalUsage = false;
  private state: StreamState = 'awaiting_start';
  /** Anthropic block index → OpenAI tool call slot (0, 1, … in order of appearance). */
  private readonly tools = new Map<number, ToolSlot>();

  constructor(private readonly opts: OpenaiStreamOptions) {}

  get completed(): boolean {
    return this.state === 'done';
  }

  frame(f: SseFrame): string {
    if (!this.isOpen()) return '';
    const parsed = parseFrame(f);
    if (parsed === undefined) return this.errorLine('api_error', 'Upstream sent an unreadable stream event');
    return this.event(parsed.type, parsed.data);
  }

  fail(errorType: string, message: string): string {
    return this.isOpen() ? this.errorLine(errorType, message) : '';
  }

  end(): string {
    if (!this.isOpen()) return '';
    return this.errorLine('api_error', 'The upstream stream ended before the response was complete');
  }

  private isOpen(): boolean {
    switch (this.state) {
      case 'awaiting_start':
      case 'streaming':
      case 'finishing':
        return true;
      case 'done':
      case 'failed':
        return false;
      default: {
        const unreachable: never = this.state;
        return unreachable;
      }
    }
  }

  /** One event of an open stream. Content arriving after finish_reason is not forwarded. */
  private event(type: string, data: Json): string {
    const content = this.state !== 'finishing';
    const index = typeof data['index'] === 'number' ? data['index'] : -1;
    switch (type) {
      case 'message_start': {
        const message = record(data['message']);
        applyAnthropicUsage(this.usage, message['usage'] as AnthropicUsage | undefined);
        this.servedModel = text(message['model']) || undefined;
        return this.start();
      }
      case 'content_block_start':
        return content ? this.start() + this.blockStart(index, record(data['content_block'])) : '';
      case 'content_block_delta':
        return content ? this.start() + this.blockDelta(index, record(data['delta'])) : '';
      case 'content_block_stop':
        return content ? this.blockStop(index) : '';
      case 'message_delta': {
        const usage = data['usage'] as AnthropicUsage | undefined;
        applyAnthropicUsage(this.usage, usage);
        if (typeof usage?.output_tokens === 'number') this.finalUsage = true;
        return this.finish(record(data['delta'])['stop_reason']);
      }
      case 'message_stop':
        return this.stop();
      case 'error': {
        const err = record(data['error']);
        return this.errorLine(text(err['type']) || 'api_error', text(err['message']) || 'Upstream stream error');
      }
      default:
        // ping, and event types newer than this code.
        return '';
    }
  }

  private chunk(delta: OpenaiChunkDelta, finishReason: OpenaiFinishReason | null = null): string {
    const c: OpenaiChatCompletionChunk = {
      id: this.opts.id,
      object: 'chat.completion.chunk',
      created: this.opts.created,
      model: this.opts.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    };
    // OpenAI: with include_usage every chunk carries `usage: null` except the final usage chunk.
    if (this.opts.includeUsage) c.usage = null;
    return formatSseData(c);
  }

  private errorLine(type: string, message: string): string {
    this.state = 'failed';
    this.errorType = type;
    return formatSseData(openaiErrorFromAnthropicType(type, message));
  }

  /** The role chunk comes first, even when a mirror skips message_start. */
  private start(): string {
    if (this.state !== 'awaiting_start') return '';
    this.state = 'streaming';
    return this.chunk({ role: 'assistant', content: '' });
  }

  private blockStart(index: number, block: Json): string {
    switch (block['type']) {
      case 'text':
        return this.textChunk('content', block['text']);
      case 'thinking':
        return this.textChunk('reasoning_content', block['thinking']);
      case 'tool_use': {
        const slot: ToolSlot = { index: this.tools.size, sentArguments: false };
        this.tools.set(index, slot);
        const fn = { name: text(block['name']), arguments: '' };
        return this.chunk({ tool_calls: [{ index: slot.index, id: text(block['id']), type: 'function', function: fn }] });
      }
      default:
        // redacted_thinking and server-tool blocks have no Chat Completions form.
        return '';
    }
  }

  private blockDelta(index: number, delta: Json): string {
    this.outputBytes += parsedDeltaBytes(delta);
    switch (delta['type']) {
      case 'text_delta':
        return this.textChunk('content', delta['text']);
      case 'thinking_delta':
        return this.textChunk('reasoning_content', delta['thinking']);
      case 'input_json_delta': {
        const slot = this.tools.get(index);
        const partial = text(delta['partial_json']);
        if (slot === undefined || partial === '') return '';
        slot.sentArguments = true;
        return this.chunk({ tool_calls: [{ index: slot.index, function: { arguments: partial } }] });
      }
      default:
        // signature_delta (meaningful only to Anthropic clients), citations_delta, future deltas.
        return '';
    }
  }

  private textChunk(field: 'content' | 'reasoning_content', value: unknown): string {
    const t = text(value);
    return t === '' ? '' : this.chunk({ [field]: t });
  }

  /** A call without parameters gets no JSON fragment; send "{}" so its arguments always parse. */
  private blockStop(index: number): string {
    const slot = this.tools.get(index);
    if (slot === undefined || slot.sentArguments) return '';
    slot.sentArguments = true;
    return this.chunk({ tool_calls: [{ index: slot.index, function: { arguments: '{}' } }] });
  }

  private finish(stopReason: unknown): string {
    if (this.state === 'finishing') return '';
    const out = this.start() + this.chunk({}, mapStopReason(typeof stopReason === 'string' ? stopReason : null));
    this.state = 'finishing';
    return out;
  }

  private stop(): string {
    const out = this.finish(null);
    this.state = 'done';
    const { id, created, model, includeUsage } = this.opts;
    const usageChunk = includeUsage
      ? formatSseData({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: convertUsage(this.usage) })
      : '';
    return out + usageChunk + formatSseData('[DONE]');
  }
}

/** Creates the translator for one response. */
export function createOpenaiStreamTranslator(opts: OpenaiStreamOptions): OpenaiStreamTranslator {
  return new StreamTranslator(opts);
}
