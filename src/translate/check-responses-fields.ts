// Sorts the top-level fields of a Responses request: translated, accepted and ignored (what Codex
// always sends), refused with a 400 (the answer would silently differ from what was asked, or it
// needs a response store the gateway does not keep), or ignored with a warning.
import { invalidField } from './request-fields.js';

/** Fields responses-request-to-anthropic.ts translates. */
const TRANSLATED = new Set([
  'model', 'input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'max_output_tokens',
  'temperature', 'top_p', 'text', 'metadata', 'user', 'safety_identifier', 'prompt_cache_key', 'stream', 'include',
]);

/** Accepted without effect and without a warning: they change nothing about Claude's answer. */
const SILENT = new Set(['client_metadata', 'stream_options']);

/** Fields dropped with a warning, and why. */
const IGNORED: Record<string, string> = {
  service_tier: "OpenAI's service tiers do not apply",
  max_tool_calls: 'Claude has no limit on built-in tool calls',
  prompt_cache_retention: 'Claude caches by prefix for 5 minutes',
  prompt_cache_options: 'Claude caches by prefix; the gateway places the breakpoints',
  context_management: "OpenAI's server-side compaction is not available",
  moderation: 'moderated responses are not available',
};

const STORE_MESSAGE = 'this gateway does not store responses, so send the whole conversation in input (with store false)';

/** 400 for values that need something the gateway does not have; undefined when acceptable. */
function refusal(key: string, value: unknown): string | undefined {
  switch (key) {
    case 'previous_response_id':
      return `'previous_response_id' is not supported: ${STORE_MESSAGE}`;
    case 'store':
      return value === true ? `'store: true' is not supported: ${STORE_MESSAGE}` : undefined;
    case 'conversation':
      return `'conversation' is not supported: ${STORE_MESSAGE}`;
    case 'background':
      return value === true ? "'background' mode is not supported: use stream or a plain request" : undefined;
    case 'prompt':
      return "'prompt' templates are not supported: send instructions and input";
    case 'top_logprobs':
      return value !== 0 ? "'top_logprobs' is not supported by Claude" : undefined;
    case 'truncation':
      return value !== 'auto' && value !== 'disabled' ? "truncation must be 'auto' or 'disabled'" : undefined;
    default:
      return undefined;
  }
}

const REFUSABLE = new Set(['previous_response_id', 'store', 'conversation', 'background', 'prompt', 'top_logprobs', 'truncation']);

/** Throws a 400 for refused fields; returns one warning per ignored or unknown field. */
export function checkResponsesFields(body: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (TRANSLATED.has(key) || SILENT.has(key) || value === undefined || value === null) continue;
    if (REFUSABLE.has(key)) {
      const reason = refusal(key, value);
      if (reason !== undefined) throw invalidField(key, reason);
      // The gateway never drops input items to make room; an over-long input fails upstream.
      if (key === 'truncation' && value === 'auto') warnings.push("truncation 'auto' was ignored: input is never shortened by the gateway");
    } else if (Object.hasOwn(IGNORED, key)) {
      warnings.push(`${key} was ignored: ${IGNORED[key]}`);
    } else {
      warnings.push(`${key} is not a supported Responses field and was ignored`);
    }
  }
  return warnings;
}
