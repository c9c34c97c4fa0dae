// Translates an Anthropic Messages event stream into Responses API events (`event:` + `data:`
// frames, each with an increasing sequence_number). An explicit state machine fed with parsed SSE
// frames, never raw bytes. What Codex needs (reference/openai-responses-codex.md): output_item.done
// for every item with the complete item, and always a terminal event — response.completed,
// response.incomplete, or response.failed with a message; never a silent end.
import { emptyUsage, type Usage } from '../domain/usage.js';
import { applyAnthropicUsage } from '../protocol/anthropic-usage.js';
import type { AnthropicUsage } from '../protocol/anthropic-types.js';
import { parsedDeltaBytes } from '../protocol/delta-size.js';
import type { ResponsesStreamEventBody } from '../protocol/openai-responses-events.js';
import type { ResponsesOutputItem, ResponsesResponse } from '../protocol/openai-responses-types.js';
import { formatSseEvent, type SseFrame } from '../protocol/sse.js';
import { convertResponsesUsage, estimateReasoningTokens } from './convert-responses-usage.js';
import { outcomeOfStopReason, responsesErrorCode } from './map-responses-outcome.js';
import { responseObject, type ResponsesAnswerOptions, type ResponsesOutcome } from './responses-answer.js';
import { ResponsesItemStreams } from './responses-stream-items.js';

/** Feeds frames in, returns the text to write to the client (zero or more SSE frames). */
export interface ResponsesStreamTranslator {
  /** One upstream frame. On `message_stop` this emits the terminal event. */
  frame(f: SseFrame): string;
  /** The gateway broke the stream (timeout, lost upstream): response.failed, then nothing more. */
  fail(errorType: string, message: string): string;
  /** Upstream ended. Empty after a complete stream; response.failed if it was cut before message_stop. */
  end(): string;
  /** Usage seen so far (latest value of each counter wins; see anthropic-usage.ts). */
  readonly usage: Usage;
  /** True once `message_stop` arrived and the terminal event was emitted. */
  readonly completed: boolean;
  /** Anthropic error type behind a response.failed the stream broke with (not a context-window stop). */
  readonly errorType: string | undefined;
  /** `model` the upstream reported in message_start (what the ledger prices). */
  readonly servedModel: string | undefined;
  /** UTF-8 bytes of text, thinking and tool-input deltas received (a cut stream is charged from them). */
  readonly outputBytes: number;
  /** True once message_delta brought the final output count. */
  readonly finalUsage: boolean;
}

/**
 * awaiting_start → streaming (response.created sent) → finishing (stop_reason known) → done
 * (terminal event sent). Any open state → failed (response.failed sent). done and failed are
 * terminal: they emit nothing more. created and in_progress come first even when a mirror skips
 * message_start, because the openai SDK's stream helper refuses any other first event.
 */
type StreamState = 'awaiting_start' | 'streaming' | 'finishing' | 'done' | 'failed';

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
class StreamTranslator implements ResponsesStreamTranslator {
  readonly usage: Usage = emptyUsage();
  errorType: string | undefined;
  servedModel: string | undefined;
  outputBytes = 0;
  finalUsage = false;
  private state: StreamState = 'awaiting_start';
  private sequence = 0;
  private stopReason: string | null = null;
  private readonly responseId: string;
  private readonly items: ResponsesItemStreams;
  /** The echoed tools and their JSON, made once (emitResponse). */
  private toolsOf: unknown[] | undefined;
  private toolsJson = '';

  constructor(private readonly opts: ResponsesAnswerOptions) {
    // Drawn first, as the JSON answer does, so both draw the same ids for the same content.
    this.responseId = opts.newId('resp');
    this.items = new ResponsesItemStreams(opts, (body) => this.emit(body));
  }

  get completed(): boolean {
    return this.state === 'done';
  }

  frame(f: SseFrame): string {
    if (!this.isOpen()) return '';
    const parsed = parseFrame(f);
    if (parsed === undefined) return this.failWith('api_error', 'Upstream sent an unreadable stream event');
    return this.event(parsed.type, parsed.data);
  }

  fail(errorType: string, message: string): string {
    return this.isOpen() ? this.failWith(errorType, message) : '';
  }

  end(): string {
    return this.isOpen() ? this.failWith('api_error', 'The upstream stream ended before the response was complete') : '';
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

  /** One event of an open stream. Content arriving after the stop reason is not forwarded. */
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
        return content ? this.start() + this.items.blockStart(index, record(data['content_block'])) : '';
      case 'content_block_delta': {
        if (!content) return '';
        const delta = record(data['delta']);
        this.outputBytes += parsedDeltaBytes(delta);
        return this.start() + this.items.blockDelta(index, delta);
      }
      case 'content_block_stop':
        return content ? this.items.blockStop(index) : '';
      case 'message_delta': {
        const usage = data['usage'] as AnthropicUsage | undefined;
        applyAnthropicUsage(this.usage, usage);
        if (typeof usage?.output_tokens === 'number') this.finalUsage = true;
        const reason = record(data['delta'])['stop_reason'];
        if (typeof reason === 'string') this.stopReason = reason;
        const out = this.start();
        this.state = 'finishing';
        return out;
      }
      case 'message_stop':
        return this.finish();
      case 'error': {
        const err = record(data['error']);
        return this.failWith(text(err['type']) || 'api_error', text(err['message']) || 'Upstream stream error');
      }
      default:
        // ping, and event types newer than this code.
        return '';
    }
  }

  private emit(body: ResponsesStreamEventBody): string {
    if ('response' in body) return this.emitResponse(body.type, body.response);
    return formatSseEvent(body.type, { ...body, sequence_number: this.sequence++ });
  }

  /**
   * An event carrying the whole response (created, in_progress and the terminal one). The response
   * echoes the request's tools (Codex's ~27 KB of schemas), so they are serialised once per
   * response rather than in each such event (~40 µs each); same JSON, `tools` written last.
   */
  private emitResponse(type: string, response: ResponsesResponse): string {
    const { tools, ...rest } = response;
    if (this.toolsOf !== tools) {
      this.toolsOf = tools;
      this.toolsJson = JSON.stringify(tools);
    }
    const head = JSON.stringify(rest);
    return `event: ${type}\ndata: {"type":${JSON.stringify(type)},"response":${head.slice(0, -1)},"tools":${this.toolsJson}},"sequence_number":${this.sequence++}}\n\n`;
  }

  private response(outcome: ResponsesOutcome, output: ResponsesOutputItem[]): ReturnType<typeof responseObject> {
    const live = outcome.status === 'in_progress';
    const reasoning = estimateReasoningTokens(this.usage.outputTokens, this.items.hadThinking, this.items.visibleBytes);
    return responseObject(this.opts, this.responseId, outcome, output, live ? null : convertResponsesUsage(this.usage, reasoning));
  }

  /** response.created and response.in_progress, once, before anything else. */
  private start(): string {
    if (this.state !== 'awaiting_start') return '';
    this.state = 'streaming';
    const response = this.response({ status: 'in_progress' }, []);
    return this.emit({ type: 'response.created', response }) + this.emit({ type: 'response.in_progress', response });
  }

  /** message_stop: every item done, then the terminal event for the stop reason. */
  private finish(): string {
    const outcome = outcomeOfStopReason(this.stopReason);
    const out = this.start() + this.items.finishAll(outcome.status === 'completed' ? 'completed' : 'incomplete');
    this.state = 'done';
    const response = this.response(outcome, this.items.output());
    switch (response.status) {
      case 'completed':
        return out + this.emit({ type: 'response.completed', response });
      case 'incomplete':
        return out + this.emit({ type: 'response.incomplete', response });
      default:
        return out + this.emit({ type: 'response.failed', response });
    }
  }

  /**
   * response.failed with the upstream's (or the gateway's) reason. Unfinished items get no
   * output_item.done — a client acting on it could run a half-written tool call — and are listed
   * in the failed response as incomplete.
   */
  private failWith(errorType: string, message: string): string {
    const out = this.start();
    this.state = 'failed';
    this.errorType = errorType;
    const outcome: ResponsesOutcome = { status: 'failed', error: { code: responsesErrorCode(errorType), message } };
    return out + this.emit({ type: 'response.failed', response: this.response(outcome, this.items.abandon()) });
  }
}

/** Creates the translator for one response. */
export function createResponsesStreamTranslator(opts: ResponsesAnswerOptions): ResponsesStreamTranslator {
  return new StreamTranslator(opts);
}
