// Size of the output a `content_block_delta` frame carries, without parsing its JSON: the frame is
// measured and its envelope (the same JSON with an empty payload) subtracted. Only text, thinking
// and tool-input deltas count (signatures and citations are not generated text). This runs for
// every delta of every stream, so it is a few substring checks and one length, never a parse.

/** Delta types that carry output, with the compact envelope of an empty payload at index 0. */
const KINDS: ReadonlyArray<readonly [marker: string, envelopeBytes: number]> = (
  [
    ['text_delta"', { type: 'text_delta', text: '' }],
    ['thinking_delta"', { type: 'thinking_delta', thinking: '' }],
    ['input_json_delta"', { type: 'input_json_delta', partial_json: '' }],
  ] as const
).map(([marker, delta]) => [marker, JSON.stringify({ type: 'content_block_delta', index: 0, delta }).length] as const);

/**
 * UTF-8 bytes of output in a `content_block_delta` frame's data (0 for other delta types). JSON
 * escapes count as written; a mirror that adds spaces adds a few bytes per event.
 */
export function deltaOutputBytes(data: string): number {
  for (const [marker, envelope] of KINDS) {
    if (data.includes(marker)) return Math.max(0, Buffer.byteLength(data) - envelope);
  }
  return 0;
}
