// Converts the domain Usage to OpenAI's `usage` object (reference/openai-mapping.md "Response").
import { promptTokens, type Usage } from '../domain/usage.js';
import type { OpenaiUsage } from '../protocol/openai-types.js';

/**
 * prompt_tokens counts every input token: uncached + cache writes + cache reads (Anthropic reports
 * them apart; OpenAI's prompt_tokens includes cached tokens). cached_tokens = cache reads.
 */
export function convertUsage(u: Usage): OpenaiUsage {
  const prompt = promptTokens(u);
  return {
    prompt_tokens: prompt,
    completion_tokens: u.outputTokens,
    total_tokens: prompt + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cacheReadTokens },
  };
}
