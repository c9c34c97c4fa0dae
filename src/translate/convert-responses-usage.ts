// Converts the domain Usage to the Responses API's `usage`, with an estimate of reasoning tokens.
import { promptTokens, type Usage } from '../domain/usage.js';
import type { ResponsesUsage } from '../protocol/openai-responses-types.js';

/** About 4 bytes of UTF-8 per token (the gateway's usual local estimate; CJK text ≈ 0.75 token a character). */
const BYTES_PER_TOKEN = 4;

/**
 * Claude reports thinking tokens inside `output_tokens`, not apart. Thinking is billed in full
 * even where only a summary is shown, so the estimate is what the visible answer cannot account
 * for: output − (UTF-8 bytes of text and tool arguments ÷ 4), within 0…output. Without any
 * thinking block it is 0, so estimation error never invents reasoning.
 */
export function estimateReasoningTokens(outputTokens: number, hadThinking: boolean, visibleBytes: number): number {
  if (!hadThinking) return 0;
  const visible = Math.ceil(visibleBytes / BYTES_PER_TOKEN);
  return Math.min(outputTokens, Math.max(0, outputTokens - visible));
}

/**
 * input_tokens counts every input token: uncached + cache writes + cache reads (OpenAI's includes
 * cached tokens); cached_tokens = cache reads, cache_write_tokens = cache writes.
 */
export function convertResponsesUsage(u: Usage, reasoningTokens: number): ResponsesUsage {
  const input = promptTokens(u);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cacheReadTokens, cache_write_tokens: u.cacheCreationTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: input + u.outputTokens,
  };
}
