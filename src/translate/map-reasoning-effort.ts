// Maps OpenAI `reasoning_effort` to Anthropic adaptive thinking plus `output_config.effort`.
import type { AnthropicMessagesRequest } from '../protocol/anthropic-types.js';
import type { OpenaiReasoningEffort } from '../protocol/openai-types.js';
import { invalidField } from './request-fields.js';

/** What the effort sets on the Anthropic request; both absent means "no thinking". */
export interface ReasoningSettings {
  thinking?: AnthropicMessagesRequest['thinking'];
  effort?: string;
}

const EFFORTS: readonly OpenaiReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

function isEffort(value: unknown): value is OpenaiReasoningEffort {
  return typeof value === 'string' && (EFFORTS as readonly string[]).includes(value);
}

/**
 * One rule for every model (https://docs.anthropic.com/en/docs/build-with-claude/adaptive-thinking);
 * `param` names the field in errors (`reasoning.effort` on the Responses endpoint):
 *
 *   reasoning_effort | thinking              | output_config.effort
 *   -----------------|-----------------------|---------------------
 *   absent / none    | (absent: no thinking) | (absent)
 *   minimal          | (absent: no thinking) | low
 *   low              | {type:'adaptive'}     | low
 *   medium           | {type:'adaptive'}     | medium
 *   high             | {type:'adaptive'}     | high
 *   xhigh            | {type:'adaptive'}     | xhigh
 *   max              | {type:'adaptive'}     | max
 *
 * Adaptive thinking with an effort is what Claude 4.6 and later want, and the only form Opus 4.7+
 * accept (fixed `budget_tokens` is refused there). Models older than 4.6 refuse adaptive thinking;
 * their 400 is passed through in OpenAI shape rather than guessed around.
 */
export function mapReasoningEffort(value: unknown, param = 'reasoning_effort'): ReasoningSettings {
  if (value === undefined || value === null) return {};
  if (!isEffort(value)) {
    throw invalidField(param, `${param} must be one of ${EFFORTS.join(', ')}`);
  }
  switch (value) {
    case 'none':
      return {};
    case 'minimal':
      return { effort: 'low' };
    case 'low':
    case 'medium':
    case 'high':
    case 'xhigh':
    case 'max':
      return { thinking: { type: 'adaptive' }, effort: value };
    default: {
      const unreachable: never = value;
      return unreachable;
    }
  }
}
