// A Messages request with a lower max_tokens (the `clamp` budget policy). Extended thinking needs
// budget_tokens ≥ 1024 and below max_tokens (reference/anthropic-wire.md), so a thinking budget
// that no longer fits is lowered too, keeping `minOutputTokens` for the answer itself.

/** Smallest thinking budget Anthropic accepts. */
export const MIN_THINKING_BUDGET_TOKENS = 1_024;

/** Output tokens a request must be allowed for `clamp` to be worth it: the answer, plus a thinking budget when it thinks. */
export function minUsefulOutputTokens(body: Record<string, unknown>, minOutputTokens: number): number {
  const maxTokens = typeof body['max_tokens'] === 'number' ? body['max_tokens'] : 0;
  const thinking = body['thinking'] as { type?: unknown } | undefined;
  const need = thinking?.type === 'enabled' ? minOutputTokens + MIN_THINKING_BUDGET_TOKENS : minOutputTokens;
  return Math.min(maxTokens, need);
}

/** `body` with max_tokens = `maxTokens` (and a thinking budget that fits under it). */
export function clampMaxTokens(body: Record<string, unknown>, maxTokens: number, minOutputTokens: number): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body, max_tokens: maxTokens };
  const thinking = body['thinking'] as { type?: unknown; budget_tokens?: unknown } | undefined;
  if (thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number' && thinking.budget_tokens >= maxTokens) {
    out['thinking'] = { ...thinking, budget_tokens: Math.max(MIN_THINKING_BUDGET_TOKENS, maxTokens - minOutputTokens) };
  }
  return out;
}
