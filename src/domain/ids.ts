import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random base62 string of the given length (for request ids and generated keys). */
export function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    // Reject bytes >= 248 so every character is equally likely.
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out.length === length ? out : out + randomBase62(length - out.length);
}

// Request ids need to be unique, not secret: a random per-process prefix plus a counter is
// unique across restarts and instances and costs no random bytes per request.
const PROCESS_PREFIX = randomBase62(10);
let counter = 0;

/** A new gateway request id, shaped like Anthropic's (`req_…`). */
export function newRequestId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `req_ccg_${PROCESS_PREFIX}${counter.toString(36).padStart(6, '0')}`;
}

let uniqueCounter = 0;

/**
 * A base62 string of `length` (more than the prefix's 10) unique to this call: the process's random
 * prefix, then a counter. For ids that must be unique, not secret (Responses API item ids): no random
 * bytes per call — three `randomBytes` calls were ~140 µs of a streamed Responses answer's CPU.
 */
export function uniqueBase62(length: number): string {
  uniqueCounter = (uniqueCounter + 1) % Number.MAX_SAFE_INTEGER;
  let n = uniqueCounter;
  let digits = '';
  do {
    digits = ALPHABET[n % 62]! + digits;
    n = Math.floor(n / 62);
  } while (n > 0);
  return PROCESS_PREFIX + digits.padStart(length - PROCESS_PREFIX.length, '0');
}
