// Local token estimate for mirrors without count_tokens: about 4 characters of JSON text per
// token. Clearly marked as an estimate (x-ccgate-token-count: estimate); good enough for Claude
// Code's context-size decisions, not for billing.

/** Rough input token count of a Messages request body. */
export function estimateInputTokens(body: Record<string, unknown>): number {
  const text = JSON.stringify([body['system'] ?? '', body['messages'] ?? [], body['tools'] ?? []]);
  return Math.max(1, Math.ceil(text.length / 4));
}
