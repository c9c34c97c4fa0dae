// Size of the output a `content_block_delta` frame carries, without parsing its JSON: the frame is
// measured and its envelope (the same JSON with an empty payload) subtracted. Only text, thinking
// and tool-input deltas count (signatures and citations are not generated text). This runs for
// every delta of every stream, so Anthropic's compact JSON is recognised by a few character codes
// (substring searches cost hundreds of ns on the parser's strings); other layouts are searched.

const DELTAS = [
  { type: 'text_delta', text: '' },
  { type: 'thinking_delta', thinking: '' },
  { type: 'input_json_delta', partial_json: '' },
] as const;
/** The compact envelope of each counted delta type (empty payload, index 0), in DELTAS order. */
const ENVELOPES: readonly number[] = DELTAS.map((delta) => JSON.stringify({ type: 'content_block_delta', index: 0, delta }).length);
const MARKERS: readonly string[] = DELTAS.map((d) => `${d.type}"`);
const TYPE_LENGTHS: readonly number[] = DELTAS.map((d) => d.type.length);

/** `{"type":"content_block_delta","index":` — the index digits start here. */
const INDEX_AT = 38;
/** `,"delta":{"type":"` — the delta type starts this far after the index digits. */
const TYPE_AFTER_INDEX = 18;
const QUOTE = 34;

/** Envelope of a compact frame: its DELTAS entry's size adjusted for the index digits, 0 for an uncounted type, -1 when not compact. */
function compactEnvelope(data: string): number {
  if (data.charCodeAt(0) !== 123 || data.charCodeAt(9) !== 99 || data.charCodeAt(INDEX_AT - 1) !== 58) return -1;
  let i = INDEX_AT;
  for (let c = data.charCodeAt(i); c >= 48 && c <= 57; c = data.charCodeAt(++i));
  const digits = i - INDEX_AT;
  if (digits === 0 || data.charCodeAt(i) !== 44 || data.charCodeAt(i + TYPE_AFTER_INDEX - 1) !== QUOTE) return -1;
  const at = i + TYPE_AFTER_INDEX;
  const kind = data.charCodeAt(at) === 116 ? (data.charCodeAt(at + 1) === 101 ? 0 : 1) : data.charCodeAt(at) === 105 ? 2 : -1;
  if (kind < 0 || data.charCodeAt(at + TYPE_LENGTHS[kind]!) !== QUOTE) return 0;
  return ENVELOPES[kind]! + digits - 1;
}

/**
 * UTF-8 bytes of output in a `content_block_delta` frame's data (0 for other delta types). JSON
 * escapes count as written; a mirror that adds spaces adds a few bytes per event.
 */
export function deltaOutputBytes(data: string): number {
  let envelope = compactEnvelope(data);
  if (envelope < 0) {
    envelope = 0;
    for (let i = 0; i < MARKERS.length && envelope === 0; i++) if (data.includes(MARKERS[i]!)) envelope = ENVELOPES[i]!;
  }
  return envelope === 0 ? 0 : Math.max(0, Buffer.byteLength(data) - envelope);
}

/** Output bytes of a parsed delta object (the translators have it parsed already): text, thinking and tool input only. */
export function parsedDeltaBytes(delta: Record<string, unknown>): number {
  const payload = delta['type'] === 'text_delta' ? delta['text'] : delta['type'] === 'thinking_delta' ? delta['thinking'] : delta['type'] === 'input_json_delta' ? delta['partial_json'] : undefined;
  return typeof payload === 'string' ? Buffer.byteLength(payload) : 0;
}
