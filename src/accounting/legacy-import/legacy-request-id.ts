// Stable ids for original CCGate usage lines that carry no requestId, so importing the same files
// twice replaces rows instead of adding them (the stores upsert by request id).
import { createHash } from 'node:crypto';

/** Where a line without a requestId came from. */
export interface LegacyLineOrigin {
  tenantId: string;
  /** The file's name (`2025-09-01.json`), not its path: the same files imported from another folder keep their ids. */
  fileName: string;
  /** The line's text without surrounding whitespace. */
  text: string;
  /** How many identical lines came before it in the same file (two identical requests stay two rows). */
  occurrence: number;
}

/**
 * The line's id: a hash of its origin and content. Content rather than line number, so deleting a
 * corrupt line from a file does not renumber (and so duplicate) every line after it.
 */
export function legacyRequestId(origin: LegacyLineOrigin): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([origin.tenantId, origin.fileName, origin.text, origin.occurrence]))
    .digest('hex');
  return `legacy_${hash.slice(0, 32)}`;
}
