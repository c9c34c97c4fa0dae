// Sorts the top-level fields of an OpenAI request: translated, refused with a 400 (the answer would
// silently differ from what was asked), or ignored with a warning (no Anthropic equivalent).
import { invalidField } from './request-fields.js';

/** Fields openai-request-to-anthropic.ts translates. */
const TRANSLATED = new Set([
  'model', 'messages', 'max_completion_tokens', 'max_tokens', 'temperature', 'top_p', 'stop', 'stream',
  'stream_options', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning_effort', 'response_format',
  'user', 'safety_identifier',
]);

/** Fields dropped with a warning, and why. Neutral values (a 0 penalty) change nothing and get none. */
const IGNORED: Record<string, string> = {
  frequency_penalty: 'Claude has no frequency penalty',
  presence_penalty: 'Claude has no presence penalty',
  seed: 'Claude has no seeded sampling',
  logit_bias: 'Claude has no logit bias',
  service_tier: "OpenAI's service tiers do not apply",
  store: 'completions are not stored by the gateway',
  metadata: "OpenAI's stored-completion metadata does not apply",
  prediction: 'Claude has no predicted outputs',
  prompt_cache_key: 'Claude caches by prefix; use cache breakpoints on content parts',
  prompt_cache_options: 'Claude caches by prefix; use cache breakpoints on content parts',
  prompt_cache_retention: 'Claude caches by prefix; use cache breakpoints on content parts',
  verbosity: 'Claude has no verbosity setting',
  moderation: 'moderated completions are not available',
};

/** Unsupported features whose value asks for something Claude cannot do → 400 naming the field. */
function refusal(key: string, value: unknown): string | undefined {
  switch (key) {
    case 'n':
      return value !== 1 ? "'n' > 1 is not supported: Claude returns one choice per request" : undefined;
    case 'logprobs':
      return value === true ? "'logprobs' is not supported by Claude" : undefined;
    case 'top_logprobs':
      return value !== 0 ? "'top_logprobs' is not supported by Claude" : undefined;
    case 'audio':
      return "'audio' output is not supported by Claude";
    case 'modalities':
      return Array.isArray(value) && value.every((m) => m === 'text') ? undefined : "'modalities' other than [\"text\"] (audio) are not supported by Claude";
    case 'functions':
    case 'function_call':
      return `'${key}' is deprecated and not supported: use 'tools' and 'tool_choice'`;
    case 'web_search_options':
      return "'web_search_options' is not supported on this endpoint";
    default:
      return undefined;
  }
}

const REFUSABLE = new Set(['n', 'logprobs', 'top_logprobs', 'audio', 'modalities', 'functions', 'function_call', 'web_search_options']);

function isNeutral(key: string, value: unknown): boolean {
  return (key === 'frequency_penalty' || key === 'presence_penalty') && value === 0;
}

/** Throws a 400 for refused fields; returns one warning per ignored or unknown field. */
export function checkOpenaiFields(body: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (TRANSLATED.has(key) || value === undefined || value === null) continue;
    if (REFUSABLE.has(key)) {
      const reason = refusal(key, value);
      if (reason !== undefined) throw invalidField(key, reason);
    } else if (Object.hasOwn(IGNORED, key)) {
      if (!isNeutral(key, value)) warnings.push(`${key} was ignored: ${IGNORED[key]}`);
    } else {
      warnings.push(`${key} is not a supported Chat Completions field and was ignored`);
    }
  }
  return warnings;
}
