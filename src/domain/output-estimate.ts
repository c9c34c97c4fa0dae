// What a stream that did not finish is charged for output (issue 11): the upstream generated and
// billed every token it sent, but its final count (message_delta.usage) never came. The output
// forwarded — text, thinking and tool-input deltas — is counted in UTF-8 bytes and divided by 4:
// about right for English prose and code (≈4 bytes per token), low for CJK text (3 bytes per
// character, about one token per character) and high for nothing common, so it errs toward the
// tenant. The upstream's own partial count wins when it is higher.
import type { Usage } from './usage.js';

/** UTF-8 bytes of forwarded output per estimated token. */
export const BYTES_PER_OUTPUT_TOKEN = 4;

/** Estimated output tokens for `bytes` of forwarded delta payload. */
export function estimatedOutputTokens(bytes: number): number {
  return bytes <= 0 ? 0 : Math.ceil(bytes / BYTES_PER_OUTPUT_TOKEN);
}

/**
 * Usage of a stream that ended without its final usage: output tokens at least the estimate from
 * `forwardedBytes`. Returns whether the row is to be marked estimated (some output was forwarded).
 */
export function applyOutputEstimate(usage: Usage, forwardedBytes: number): boolean {
  if (forwardedBytes <= 0) return false;
  usage.outputTokens = Math.max(usage.outputTokens, estimatedOutputTokens(forwardedBytes));
  return true;
}
