// Owner-only files for what the gateway keeps on disk (the ledger, its journal): folders 0700,
// files 0600. Modes are given explicitly where a file is created (a umask can only take bits
// away from them) and set with chmod where a file already exists, since an older version or a
// library may have created it readable to others.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/** Mode of private folders. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of private files. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) owner-only, and makes it owner-only if it existed. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates `file` empty and owner-only if it is missing, and makes it owner-only if it existed. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Makes `file` owner-only when it exists. */
export function tightenIfExists(file: string): void {
  if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}
