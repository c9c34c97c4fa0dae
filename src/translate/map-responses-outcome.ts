// Maps how Claude stopped (stop_reason, or a mid-stream error type) to how a Responses answer ends.
// Codex fails a turn on `incomplete` (reference/openai-responses-codex.md), so only real
// truncation is incomplete; it reads `context_length_exceeded` on `failed` as "context window full".
import type { AnthropicStopReason } from '../protocol/anthropic-types.js';
import type { ResponsesOutcome } from './responses-answer.js';

/** Stop reasons with a deliberate mapping; `model_context_window_exceeded` is newer than the type. */
type KnownStopReason = AnthropicStopReason | 'model_context_window_exceeded';

const KNOWN: readonly KnownStopReason[] = ['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal', 'model_context_window_exceeded'];

function isKnown(reason: unknown): reason is KnownStopReason {
  return typeof reason === 'string' && (KNOWN as readonly string[]).includes(reason);
}

/**
 * The outcome of a finished message. `pause_turn` (a server tool paused a long turn) has no
 * Responses counterpart; the turn did end, so it is `completed` (as on chat completions). A
 * `refusal` is OpenAI's `content_filter`. Unknown or missing reasons are `completed`.
 */
export function outcomeOfStopReason(reason: string | null | undefined): ResponsesOutcome {
  if (!isKnown(reason)) return { status: 'completed' };
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'tool_use':
    case 'pause_turn':
      return { status: 'completed' };
    case 'max_tokens':
      return { status: 'incomplete', reason: 'max_output_tokens' };
    case 'refusal':
      return { status: 'incomplete', reason: 'content_filter' };
    case 'model_context_window_exceeded':
      return { status: 'failed', error: { code: 'context_length_exceeded', message: "The conversation filled the model's context window before the answer was complete" } };
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}

/**
 * `response.error.code` for an Anthropic error type (a mid-stream `error` event, or a failure the
 * gateway saw). Codex retries `server_error` when stream retries are on, and backs off on
 * `rate_limit_exceeded`.
 */
export function responsesErrorCode(anthropicType: string): string {
  switch (anthropicType) {
    case 'rate_limit_error':
      return 'rate_limit_exceeded';
    case 'invalid_request_error':
      return 'invalid_prompt';
    default:
      return 'server_error';
  }
}
