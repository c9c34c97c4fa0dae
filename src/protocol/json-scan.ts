// One pass over a JSON request body's bytes before JSON.parse sees it, for the two things a parse
// cannot be trusted with: nesting depth (a 1 MB body nested 500k deep blocks the event loop in
// JSON.parse) and duplicate top-level keys the gateway acts on (JSON.parse keeps the last one, an
// upstream may read the first: the gateway would check one model and forward another).
//
// Only structure is tracked: strings are skipped with Buffer#indexOf for their closing quote (a
// quote is escaped when an odd number of backslashes precedes it), so the cost is in the bytes
// outside strings, which in a real Claude request are a small part. Bytes ≥ 0x80 never equal a
// structural character, so UTF-8 text needs no decoding. Malformed JSON is not judged here: the
// scan stops or reports nothing and JSON.parse gives the error.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** What the scan refuses. */
export type JsonScanProblem = { kind: 'too_deep'; maxDepth: number } | { kind: 'duplicate_key'; key: string };

/** Index of the quote closing the string whose first content byte is at `start`, or -1. */
function stringEnd(bytes: Buffer, start: number): number {
  let at = start;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, at);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let k = quote - 1; k >= start && bytes[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

/** The key between `start` and `end`, decoded when it has escapes (`"mod\u0065l"` is `model`). */
function keyText(bytes: Buffer, start: number, end: number): string {
  const raw = bytes.toString('utf8', start, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw; // a bad escape: JSON.parse of the whole body reports it
  }
}

/**
 * Checks nesting depth (the top-level value is depth 1) against `maxDepth` and, when the body is
 * an object, that no key of `watchedKeys` appears twice at its top level. Returns the first
 * problem, or undefined.
 */
export function scanJson(bytes: Buffer, maxDepth: number, watchedKeys: ReadonlySet<string>): JsonScanProblem | undefined {
  let depth = 0;
  let topIsObject = false;
  let expectKey = false;
  let seen: Set<string> | undefined;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      const end = stringEnd(bytes, i + 1);
      if (end < 0) return undefined;
      if (expectKey && watchedKeys.size > 0) {
        const key = keyText(bytes, i + 1, end);
        if (watchedKeys.has(key)) {
          if (seen?.has(key)) return { kind: 'duplicate_key', key };
          (seen ??= new Set()).add(key);
        }
      }
      expectKey = false;
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) return { kind: 'too_deep', maxDepth };
      if (depth === 1) topIsObject = c === OPEN_OBJECT;
      expectKey = depth === 1 && topIsObject;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      expectKey = false;
    } else if (c === COMMA) {
      expectKey = depth === 1 && topIsObject;
    }
  }
  return undefined;
}
