// Translates an OpenAI Responses API request body into an Anthropic Messages request. Pure: no
// I/O. Spec: reference/openai-responses-codex.md; anything it cannot represent is a 400 naming the
// field, anything it drops is reported in `warnings` (logged and sent as a header).
import type { AnthropicMessagesRequest } from '../protocol/anthropic-types.js';
import type { ResponsesEcho, ResponsesTextFormat } from '../protocol/openai-responses-types.js';
import { checkResponsesFields } from './check-responses-fields.js';
import { convertResponsesInput } from './convert-responses-input.js';
import { convertResponsesTools } from './convert-responses-tools.js';
import { mapReasoningEffort } from './map-reasoning-effort.js';
import { applyTemperatureAndTopP } from './map-sampling.js';
import { invalidField, isRecord, optionalBoolean, optionalNumber, optionalString, requiredRecord, requiredString } from './request-fields.js';
import type { ResponsesAnswerSettings } from './responses-answer.js';
import { placeCacheBreakpoints } from './responses-cache-breakpoints.js';
import type { ToolIdentity } from './responses-tool-names.js';
import { resolveOpenaiModel, type ModelResolution } from './resolve-openai-model.js';

/** Settings of the Responses endpoint (model rule shared with chat completions). */
export interface ResponsesRequestOptions extends ModelResolution {
  /**
   * `max_tokens` when the client sends no `max_output_tokens`. Codex never sends it and fails its
   * turn on a `max_tokens` stop, so this should be generous (e.g. 32000, which every current
   * Claude model accepts).
   */
  defaultMaxOutputTokens: number;
}

/** The translated request and what the answer side needs. */
export interface TranslatedResponsesRequest {
  body: AnthropicMessagesRequest;
  /** The model name the client sent; answers echo it. */
  requestedModel: string;
  stream: boolean;
  /** Human-readable notes about fields that were ignored, each starting with the field's name. */
  warnings: string[];
  /** Anthropic tool name → the client's `{namespace?, name}`. */
  toolNames: Map<string, ToolIdentity>;
  /** `prompt_cache_key`: the sticky-session key (cache breakpoints are placed when it is set). */
  sessionKey?: string;
  /** Hand to the response or stream translator (with ids and time). */
  answer: ResponsesAnswerSettings;
}

function maxOutputTokens(body: Record<string, unknown>, fallback: number): number {
  const n = optionalNumber(body['max_output_tokens'], 'max_output_tokens');
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw invalidField('max_output_tokens', "'max_output_tokens' must be a positive integer");
  return n ?? fallback;
}

/** `reasoning`: effort → adaptive thinking + effort (map-reasoning-effort.ts); summary → shown or not. */
function reasoning(body: Record<string, unknown>): { effort: string | undefined; summary: string | undefined } {
  const raw = body['reasoning'];
  if (raw == null) return { effort: undefined, summary: undefined };
  const r = requiredRecord(raw, 'reasoning');
  const summary = optionalString(r['summary'], 'reasoning.summary') ?? optionalString(r['generate_summary'], 'reasoning.generate_summary');
  if (summary !== undefined && !['auto', 'concise', 'detailed'].includes(summary)) {
    throw invalidField('reasoning.summary', "reasoning.summary must be 'auto', 'concise' or 'detailed'");
  }
  return { effort: optionalString(r['effort'], 'reasoning.effort'), summary };
}

/** `text.format`: json_schema → structured output (as response_format on chat); json_object → 400. */
function textFormat(body: Record<string, unknown>, warnings: string[]): ResponsesTextFormat {
  const raw = body['text'];
  if (raw == null) return { type: 'text' };
  const text = requiredRecord(raw, 'text');
  const verbosity = optionalString(text['verbosity'], 'text.verbosity');
  if (verbosity !== undefined && verbosity !== 'medium') warnings.push('text.verbosity was ignored: Claude has no verbosity setting');
  if (text['format'] == null) return { type: 'text' };
  const format = requiredRecord(text['format'], 'text.format');
  switch (format['type']) {
    case 'text':
      return { type: 'text' };
    case 'json_schema': {
      const out: ResponsesTextFormat = { type: 'json_schema', name: requiredString(format['name'], 'text.format.name'), schema: requiredRecord(format['schema'], 'text.format.schema') };
      const strict = optionalBoolean(format['strict'], 'text.format.strict');
      if (strict !== undefined) out.strict = strict;
      if (strict === false) warnings.push('text.format.strict false was ignored: Claude always follows the schema');
      return out;
    }
    case 'json_object':
      throw invalidField('text.format', "text.format 'json_object' is not supported by Claude: use 'json_schema' with a schema");
    default:
      throw invalidField('text.format.type', `text.format type '${String(format['type'])}' is not supported`);
  }
}

/** reasoning.effort and text.format both land in `output_config`. */
function applyOutput(req: AnthropicMessagesRequest, effortValue: string | undefined, format: ResponsesTextFormat): void {
  const { thinking, effort } = mapReasoningEffort(effortValue, 'reasoning.effort');
  if (thinking !== undefined) req.thinking = thinking;
  const schema = format.type === 'json_schema' ? { type: 'json_schema', schema: format.schema } : undefined;
  if (effort === undefined && schema === undefined) return;
  req.output_config = { ...(effort !== undefined ? { effort } : {}), ...(schema !== undefined ? { format: schema } : {}) };
}

function metadata(body: Record<string, unknown>): Record<string, string> {
  const raw = body['metadata'];
  if (raw == null) return {};
  const m = requiredRecord(raw, 'metadata');
  for (const [key, value] of Object.entries(m)) if (typeof value !== 'string') throw invalidField(`metadata.${key}`, 'metadata values must be strings');
  return m as Record<string, string>;
}

/** Anthropic's metadata.user_id: `user`, else `safety_identifier`, else `metadata.user_id`. */
function userId(body: Record<string, unknown>, meta: Record<string, string>, warnings: string[]): string | undefined {
  const named: Array<[string, string | undefined]> = [
    ['user', optionalString(body['user'], 'user')],
    ['safety_identifier', optionalString(body['safety_identifier'], 'safety_identifier')],
    ['metadata.user_id', meta['user_id']],
  ];
  const present = named.filter((n): n is [string, string] => n[1] !== undefined && n[1] !== '');
  const chosen = present[0];
  for (const [field, value] of present.slice(1)) {
    if (value !== chosen?.[1]) warnings.push(`${field} was not sent upstream: ${chosen?.[0]} is sent as metadata.user_id`);
  }
  return chosen?.[1];
}

/** `include`: only reasoning.encrypted_content changes the answer. */
function includesEncrypted(body: Record<string, unknown>, warnings: string[]): boolean {
  const raw = body['include'];
  if (raw == null) return false;
  if (!Array.isArray(raw) || !raw.every((v) => typeof v === 'string')) throw invalidField('include', "'include' must be an array of strings");
  for (const v of raw) if (v !== 'reasoning.encrypted_content') warnings.push(`include[] '${v}' was ignored: it has no Claude equivalent`);
  return raw.includes('reasoning.encrypted_content');
}

interface EchoInputs {
  instructions: string | undefined;
  meta: Record<string, string>;
  sessionKey: string | undefined;
  effort: string | undefined;
  summary: string | undefined;
  format: ResponsesTextFormat;
  user: string | undefined;
}

/** The request's settings as the `response` object echoes them (what was actually used). */
function echoOf(raw: Record<string, unknown>, body: AnthropicMessagesRequest, e: EchoInputs): ResponsesEcho {
  return {
    instructions: e.instructions ?? null,
    max_output_tokens: body.max_tokens,
    metadata: e.meta,
    parallel_tool_calls: raw['parallel_tool_calls'] !== false,
    prompt_cache_key: e.sessionKey ?? null,
    reasoning: { effort: e.effort ?? null, summary: e.summary ?? null },
    store: false,
    temperature: body.temperature ?? null,
    text: { format: e.format },
    tool_choice: raw['tool_choice'] ?? 'auto',
    tools: Array.isArray(raw['tools']) ? raw['tools'] : [],
    top_p: body.top_p ?? null,
    truncation: raw['truncation'] === 'auto' ? 'auto' : 'disabled',
    user: e.user ?? null,
  };
}

/** Translates a Responses body; throws GatewayError (400, or 404 for the model). */
export function responsesRequestToAnthropic(raw: unknown, opts: ResponsesRequestOptions): TranslatedResponsesRequest {
  if (!isRecord(raw)) throw invalidField('body', 'The request body must be a JSON object');
  const warnings = checkResponsesFields(raw);
  optionalBoolean(raw['store'], 'store');
  const { requested, model } = resolveOpenaiModel(raw['model'], opts, warnings);
  const tools = convertResponsesTools(raw, warnings);
  const instructions = optionalString(raw['instructions'], 'instructions');
  const { system, messages } = convertResponsesInput(raw['input'], instructions, tools.names, warnings);
  const body: AnthropicMessagesRequest = { model, max_tokens: maxOutputTokens(raw, opts.defaultMaxOutputTokens), messages };
  if (system.length > 0) body.system = system;
  applyTemperatureAndTopP(raw, body);
  if (tools.tools !== undefined) body.tools = tools.tools;
  if (tools.toolChoice !== undefined) body.tool_choice = tools.toolChoice;
  const { effort, summary } = reasoning(raw);
  const format = textFormat(raw, warnings);
  applyOutput(body, effort, format);
  const meta = metadata(raw);
  const user = userId(raw, meta, warnings);
  if (user !== undefined) body.metadata = { user_id: user };
  const stream = optionalBoolean(raw['stream'], 'stream') ?? false;
  if (stream) body.stream = true;
  const key = optionalString(raw['prompt_cache_key'], 'prompt_cache_key');
  const sessionKey = key === '' ? undefined : key;
  if (sessionKey !== undefined) placeCacheBreakpoints(body);
  const answer: ResponsesAnswerSettings = {
    model: requested,
    toolNames: tools.names.byFlat,
    includeEncryptedReasoning: includesEncrypted(raw, warnings),
    showReasoningSummary: summary !== undefined,
    echo: echoOf(raw, body, { instructions, meta, sessionKey, effort, summary, format, user }),
  };
  const out: TranslatedResponsesRequest = { body, requestedModel: requested, stream, warnings: [...new Set(warnings)], toolNames: tools.names.byFlat, answer };
  if (sessionKey !== undefined) out.sessionKey = sessionKey;
  return out;
}
