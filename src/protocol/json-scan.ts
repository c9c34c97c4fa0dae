// One pass over a JSON request body's bytes that checks it exactly as JSON.parse would accept it
// (RFC 8259's grammar; whitespace is only space, tab, LF and CR), plus the two things a parse
// cannot be trusted with: nesting depth (a 1 MB body nested 500k deep blocks the event loop in
// JSON.parse) and duplicate top-level keys the gateway acts on (JSON.parse keeps the last one, an
// upstream may read the first: the gateway would check one model and forward another).
//
// It also says where the values of chosen top-level keys lie, so the Anthropic endpoint parses
// those few bytes instead of building the tree of a 72 KB Claude Code prompt it forwards as sent
// (issue 13: JSON.parse of that body was ~110 µs, this pass is about half of it, and no tree means
// no garbage). It accepts nothing JSON.parse refuses and refuses nothing it accepts — the gateway
// and a strict upstream read the same text; test/unit/protocol/json-scan.test.ts holds it to that
// on mutated texts.
//
// Speed: the bytes inside strings are most of a real body. A short string (most keys) is walked
// byte by byte; the rest of a long one is matched by one regular expression over a latin1 view
// of the bytes (irregexp's compiled loop is several times faster per byte than a JavaScript one,
// and a native search per string costs more than a short walk). Bytes ≥ 0x80 never equal a
// structural character, so UTF-8 needs no decoding (the caller checks it is valid UTF-8).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const SPACE = 0x20;

/** What the scan refuses. `syntax.at` is the byte where the text stops being JSON (its length: it ends too early). */
export type JsonScanProblem = { kind: 'too_deep'; maxDepth: number } | { kind: 'duplicate_key'; key: string } | { kind: 'syntax'; at: number };

/** The bytes of one top-level value, `[start, end)` (may include trailing whitespace). */
export interface ValueSpan {
  start: number;
  end: number;
}

/** The verdict of a scan. */
export interface JsonScan {
  /** The first problem in document order, or undefined for JSON that passes every check. */
  problem: JsonScanProblem | undefined;
  /** The text is a JSON object (false when it has a problem). */
  isObject: boolean;
  /** For each key asked for that the top-level object has: its value's bytes (the last, as JSON.parse keeps). */
  spans: Map<string, ValueSpan>;
}

/** Where an escape starting with the backslash at `i` ends, or -1 when it is not one JSON knows. */
function escapeEnd(bytes: Buffer, i: number): number {
  switch (bytes[i + 1]) {
    case QUOTE:
    case BACKSLASH:
    case 0x2f: // /
    case 0x62: // b
    case 0x66: // f
    case 0x6e: // n
    case 0x72: // r
    case 0x74: // t
      return i + 2;
    case 0x75: // u
      for (let k = i + 2; k < i + 6; k++) if (!isHex(bytes[k])) return -1;
      return i + 6;
    default:
      return -1;
  }
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= ZERO && c <= NINE) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66));
}

/** Bytes of a string walked one by one before the rest is left to STRING_REST. */
const SHORT_RUN = 16;
/** The same when the inside of long strings is skipped: none (the search for the quote is cheaper). */
const SKIP_RUN = 0;
/**
 * The rest of a JSON string up to and including its closing quote: plain characters (anything but
 * a quote, a backslash or a control character) and valid escapes, written as Friedl's "unrolled
 * loop" so irregexp runs a tight loop over the plain runs and backtracks only at escapes.
 */
const STRING_REST = /[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"/y;

/**
 * Finds the ends of strings: byte by byte for a short one (most keys); the rest of a long one
 * either checked by STRING_REST or, when the caller parses the whole body with JSON.parse anyway,
 * skipped by searching for its closing quote (an unescaped one: an even number of backslashes
 * before it). Both over a latin1 view of the bytes (one character per byte, made once):
 * `String#indexOf` is a builtin, far cheaper per call than `Buffer#indexOf`.
 */
class Strings {
  #text: string | undefined;
  constructor(
    private readonly bytes: Buffer,
    private readonly check: boolean,
  ) {}

  /** Index of the quote closing the string whose first content byte is at `start`, or -(the bad byte's index) - 1. */
  end(start: number): number {
    const { bytes } = this;
    const n = bytes.length;
    let i = start;
    for (const stop = Math.min(n, i + (this.check ? SHORT_RUN : SKIP_RUN)); i < stop; i++) {
      const c = bytes[i]!;
      if (c === QUOTE) return i;
      if (c === BACKSLASH) {
        const end = escapeEnd(bytes, i);
        if (end < 0) return -i - 1;
        i = end - 1;
      } else if (c < SPACE) return -i - 1;
    }
    const text = (this.#text ??= bytes.toString('latin1'));
    if (!this.check) return closingQuote(bytes, text, start, i);
    STRING_REST.lastIndex = i;
    if (STRING_REST.test(text)) return STRING_REST.lastIndex - 1;
    return -badStringByte(bytes, i) - 1;
  }
}

/** The first unescaped quote from `i` on in the string starting at `start`, unchecked, or -n - 1. */
function closingQuote(bytes: Buffer, text: string, start: number, i: number): number {
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return -bytes.length - 1;
    let backslashes = 0;
    for (let k = quote - 1; k >= start && bytes[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    i = quote + 1;
  }
}

/** The first byte from `i` on that ends a string badly (an error's position only: no hurry). */
function badStringByte(bytes: Buffer, i: number): number {
  for (; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === BACKSLASH) {
      const end = escapeEnd(bytes, i);
      if (end < 0) return i;
      i = end - 1;
    } else if (c < SPACE) return i;
  }
  return bytes.length;
}

/** Index just past the number starting at `i`, or -(the bad byte's index) - 1. */
function numberEnd(bytes: Buffer, i: number): number {
  if (bytes[i] === MINUS) i++;
  const first = bytes[i];
  if (first === ZERO) i++;
  else if (first !== undefined && first > ZERO && first <= NINE) i = digitsEnd(bytes, i + 1);
  else return -i - 1;
  if (bytes[i] === DOT) {
    const from = i + 1;
    i = digitsEnd(bytes, from);
    if (i === from) return -i - 1;
  }
  const e = bytes[i];
  if (e === 0x65 || e === 0x45) {
    i++;
    if (bytes[i] === PLUS || bytes[i] === MINUS) i++;
    const from = i;
    i = digitsEnd(bytes, from);
    if (i === from) return -i - 1;
  }
  return i;
}

function digitsEnd(bytes: Buffer, i: number): number {
  for (let c = bytes[i]; c !== undefined && c >= ZERO && c <= NINE; c = bytes[++i]);
  return i;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/** Index just past `word` at `i`, or -(the first differing byte's index) - 1. */
function literalEnd(bytes: Buffer, i: number, word: Buffer): number {
  for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word[k]) return -(i + k) - 1;
  return i + word.length;
}

/** The key between `start` and `end`, decoded when it has escapes (`"mod\u0065l"` is `model`). */
function keyText(bytes: Buffer, start: number, end: number): string {
  const raw = bytes.toString('utf8', start, end);
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw; // the escapes were checked
}

/** What the scanner expects next (numbers, not an enum: this is the hot loop's state). */
const Want = {
  /** A value (the top level, after a colon, after a comma in an array). */
  Value: 0,
  /** A value or `]` (just after `[`). */
  ValueOrClose: 1,
  /** A key or `}` (just after `{`). */
  KeyOrClose: 2,
  /** A key (after a comma in an object). */
  Key: 3,
  Colon: 4,
  /** `,`, the container's close, or (at the top level) the end. */
  Next: 5,
} as const;

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * Checks `bytes` (valid UTF-8) as one JSON value: grammar, nesting depth against `maxDepth` (the
 * top-level value is depth 1) and, for an object, that no key of `uniqueKeys` appears twice at its
 * top level. Gives the value spans of the top-level keys in `spanKeys`. With `checkStrings` false
 * the inside of long strings is skipped, not checked (for a caller that runs JSON.parse next):
 * then a text without a problem may still not be JSON.
 */
export function scanJson(bytes: Buffer, maxDepth: number, uniqueKeys: ReadonlySet<string>, spanKeys: ReadonlySet<string> = NO_KEYS, checkStrings = true): JsonScan {
  const spans = new Map<string, ValueSpan>();
  const fail = (problem: JsonScanProblem): JsonScan => ({ problem, isObject: false, spans });
  const syntax = (negative: number): JsonScan => fail({ kind: 'syntax', at: -negative - 1 });
  const strings = new Strings(bytes, checkStrings);
  const n = bytes.length;
  // true for an object at that depth, false for an array
  const isObjectAt: boolean[] = [];
  let depth = 0;
  let want: number = Want.Value;
  let topIsObject = false;
  let seen: Set<string> | undefined;
  // the top-level key whose value is being read, when its span is wanted
  let spanKey: string | undefined;
  let spanStart = 0;
  const readTopKeys = uniqueKeys.size > 0 || spanKeys.size > 0;
  let i = 0;
  while (i < n) {
    const c = bytes[i]!;
    if (c <= SPACE && (c === SPACE || c === 0x0a || c === 0x0d || c === 0x09)) {
      i++;
      continue;
    }
    switch (want) {
      case Want.KeyOrClose:
      case Want.Key: {
        if (c === CLOSE_OBJECT) break; // the closers below check that one may close here
        if (c !== QUOTE) return syntax(-i - 1);
        const end = strings.end(i + 1);
        if (end < 0) return syntax(end);
        if (depth === 1 && readTopKeys) {
          const key = keyText(bytes, i + 1, end);
          if (uniqueKeys.has(key)) {
            if (seen?.has(key)) return fail({ kind: 'duplicate_key', key });
            (seen ??= new Set()).add(key);
          }
          spanKey = spanKeys.has(key) ? key : undefined;
        }
        i = end + 1;
        // (compact JSON: the colon follows at once, and needs no turn of the loop)
        if (bytes[i] !== COLON || spanKey !== undefined) {
          want = Want.Colon;
          continue;
        }
        i++;
        want = Want.Value;
        continue;
      }
      case Want.Colon:
        if (c !== COLON) return syntax(-i - 1);
        i++;
        want = Want.Value;
        if (depth === 1 && spanKey !== undefined) {
          while (i < n && (bytes[i] === SPACE || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
          spanStart = i;
        }
        continue;
      case Want.Next:
        if (depth === 0) return syntax(-i - 1); // something after the top-level value
        if (c === COMMA) {
          if (depth === 1 && spanKey !== undefined) {
            spans.set(spanKey, { start: spanStart, end: i });
            spanKey = undefined;
          }
          want = isObjectAt[depth] ? Want.Key : Want.Value;
          i++;
          continue;
        }
        break; // a closer, handled below
      default:
        break;
    }
    // a closer
    if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      const closesObject = c === CLOSE_OBJECT;
      if (depth === 0 || isObjectAt[depth] !== closesObject) return syntax(-i - 1);
      if (want !== Want.Next && want !== (closesObject ? Want.KeyOrClose : Want.ValueOrClose)) return syntax(-i - 1);
      if (depth === 1 && spanKey !== undefined) {
        spans.set(spanKey, { start: spanStart, end: i });
        spanKey = undefined;
      }
      depth--;
      i++;
      want = Want.Next;
      continue;
    }
    if (want === Want.Next || want === Want.Colon || want === Want.Key || want === Want.KeyOrClose) return syntax(-i - 1);
    // a value
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) return fail({ kind: 'too_deep', maxDepth });
      const opensObject = c === OPEN_OBJECT;
      isObjectAt[depth] = opensObject;
      if (depth === 1) topIsObject = opensObject;
      want = opensObject ? Want.KeyOrClose : Want.ValueOrClose;
      i++;
      continue;
    }
    let end: number;
    if (c === QUOTE) {
      end = strings.end(i + 1);
      if (end >= 0) end++;
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) end = numberEnd(bytes, i);
    else if (c === 0x74) end = literalEnd(bytes, i, TRUE);
    else if (c === 0x66) end = literalEnd(bytes, i, FALSE);
    else if (c === 0x6e) end = literalEnd(bytes, i, NULL);
    else return syntax(-i - 1);
    if (end < 0) return syntax(end);
    i = end;
    want = Want.Next;
  }
  if (want !== Want.Next || depth !== 0) return syntax(-n - 1);
  return { problem: undefined, isObject: topIsObject, spans };
}
