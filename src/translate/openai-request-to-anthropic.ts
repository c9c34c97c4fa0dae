// Translates an OpenAI Chat Completions request body into an Anthropic Messages request.
// Pure: no I/O. Spec: reference/openai-mapping.md "Request"; anything it cannot represent is a
// 400 naming the field, anything it drops is reported in `warnings` (logged and sent as a header).
import type { AnthropicMessagesRequest } from '../protocol/anthropic-types.js';
import { checkOpenaiFields } from './check-openai-fields.js';
import { convertOpenaiMessages } from './convert-openai-messages.js';
import { convertOpenaiTools } from './convert-openai-tools.js';
import { mapReasoningEffort } from './map-reasoning-effort.js';
import { applyTemperatureAndTopP } from './map-sampling.js';
import { invalidField, isRecord, optionalBoolean, optionalNumber, optionalString, requiredRecord } from './request-fields.js';
import { resolveOpenaiModel, type ModelResolution } from './resolve-openai-model.js';

/** Settings of the OpenAI endpoint. */
export interface OpenaiRequestOptions extends ModelResolution {
  /** `max_tokens` when the client sends neither `max_completion_tokens` nor `max_tokens`. */
  defaultMaxTokens: number;
}

/** The translated request and what the response side needs to know. */
export interface TranslatedOpenaiRequest {
  request: AnthropicMessagesRequest;
  /** The model name the client sent; responses echo it. */
  requestedModel: string;
  /** `stream_options.include_usage` on a streaming request. */
  includeUsage: boolean;
  /** Human-readable notes about fields that were ignored, each starting with the field's name. */
  warnings: string[];
}

function positiveInt(value: unknown, param: string): number | undefined {
  const n = optionalNumber(value, param);
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw invalidField(param, `'${param}' must be a positive integer`);
  return n;
}

function maxTokens(body: Record<string, unknown>, fallback: number, warnings: string[]): number {
  const completion = positiveInt(body['max_completion_tokens'], 'max_completion_tokens');
  const legacy = positiveInt(body['max_tokens'], 'max_tokens');
  if (completion !== undefined && legacy !== undefined && completion !== legacy) {
    warnings.push('max_tokens was ignored: max_completion_tokens takes precedence');
  }
  return completion ?? legacy ?? fallback;
}

/** temperature, top_p, stop. Out-of-range values are refused, never clamped or rescaled. */
function applySampling(body: Record<string, unknown>, req: AnthropicMessagesRequest, warnings: string[]): void {
  applyTemperatureAndTopP(body, req);
  const stop = body['stop'];
  const list = typeof stop === 'string' ? [stop] : stop;
  if (list === undefined || list === null) return;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
    throw invalidField('stop', "'stop' must be a string or an array of strings");
  }
  const sequences = list.filter((s: string) => s !== '');
  if (sequences.length < list.length) warnings.push('stop had empty sequences, which were ignored');
  if (sequences.length > 0) req.stop_sequences = sequences;
}

/** response_format: json_schema → structured output; json_object has no Anthropic equivalent. */
function outputFormat(value: unknown): { type: 'json_schema'; schema: Record<string, unknown> } | undefined {
  if (value === undefined || value === null) return undefined;
  const format = requiredRecord(value, 'response_format');
  switch (format['type']) {
    case 'text':
      return undefined;
    case 'json_schema': {
      const spec = requiredRecord(format['json_schema'], 'response_format.json_schema');
      return { type: 'json_schema', schema: requiredRecord(spec['schema'], 'response_format.json_schema.schema') };
    }
    case 'json_object':
      throw invalidField('response_format', "response_format 'json_object' is not supported by Claude: use 'json_schema' with a schema");
    default:
      throw invalidField('response_format.type', `response_format type '${String(format['type'])}' is not supported`);
  }
}

/** reasoning_effort and response_format both land in `output_config`. */
function applyOutput(body: Record<string, unknown>, req: AnthropicMessagesRequest): void {
  const { thinking, effort } = mapReasoningEffort(body['reasoning_effort']);
  const format = outputFormat(body['response_format']);
  if (thinking !== undefined) req.thinking = thinking;
  if (effort === undefined && format === undefined) return;
  req.output_config = {
    ...(effort !== undefined ? { effort } : {}),
    ...(format !== undefined ? { format } : {}),
  };
}

/** `user` (or its successor `safety_identifier`) → metadata.user_id. */
function applyUser(body: Record<string, unknown>, req: AnthropicMessagesRequest, warnings: string[]): void {
  const user = optionalString(body['user'], 'user');
  const safety = optionalString(body['safety_identifier'], 'safety_identifier');
  if (user !== undefined && safety !== undefined && user !== safety) {
    warnings.push('safety_identifier was ignored: user is sent as metadata.user_id');
  }
  const id = user ?? safety;
  if (id !== undefined && id !== '') req.metadata = { user_id: id };
}

function streamFlags(body: Record<string, unknown>, warnings: string[]): { stream: boolean; includeUsage: boolean } {
  const stream = optionalBoolean(body['stream'], 'stream') ?? false;
  const options = body['stream_options'];
  if (options === undefined || options === null) return { stream, includeUsage: false };
  const include = optionalBoolean(requiredRecord(options, 'stream_options')['include_usage'], 'stream_options.include_usage') ?? false;
  if (!stream) warnings.push('stream_options was ignored: the request is not streaming');
  return { stream, includeUsage: stream && include };
}

/** Translates an OpenAI Chat Completions body; throws GatewayError (400, or 404 for the model). */
export function openaiRequestToAnthropic(body: unknown, opts: OpenaiRequestOptions): TranslatedOpenaiRequest {
  if (!isRecord(body)) throw invalidField('body', 'The request body must be a JSON object');
  const warnings = checkOpenaiFields(body);
  const { requested, model } = resolveOpenaiModel(body['model'], opts, warnings);
  const { system, messages } = convertOpenaiMessages(body['messages'], warnings);
  const request: AnthropicMessagesRequest = { model, max_tokens: maxTokens(body, opts.defaultMaxTokens, warnings), messages };
  if (system.length > 0) request.system = system;
  applySampling(body, request, warnings);
  const { tools, toolChoice } = convertOpenaiTools(body, warnings);
  if (tools !== undefined) request.tools = tools;
  if (toolChoice !== undefined) request.tool_choice = toolChoice;
  applyOutput(body, request);
  applyUser(body, request, warnings);
  const { stream, includeUsage } = streamFlags(body, warnings);
  if (stream) request.stream = true;
  return { request, requestedModel: requested, includeUsage, warnings: [...new Set(warnings)] };
}
