// Maps Anthropic `stop_reason` to OpenAI `finish_reason` (reference/openai-mapping.md "Response").
import type { AnthropicStopReason } from '../protocol/anthropic-types.js';
import type { OpenaiFinishReason } from '../protocol/openai-types.js';

/** Stop reasons with a deliberate mapping; `model_context_window_exceeded` is newer than the type. */
type KnownStopReason = AnthropicStopReason | 'model_context_window_exceeded';

const KNOWN: readonly KnownStopReason[] = [
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
];

function isKnown(reason: unknown): reason is KnownStopReason {
  return typeof reason === 'string' && (KNOWN as readonly string[]).includes(reason);
}

/**
 * `finish_reason` for a stop reason. `pause_turn` (a server tool paused a long turn) has no OpenAI
 * counterpart; the turn did end, so it is `stop`. Unknown or missing reasons are `stop` too.
 */
export function mapStopReason(reason: string | null | undefined): OpenaiFinishReason {
  if (!isKnown(reason)) return 'stop';
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}
