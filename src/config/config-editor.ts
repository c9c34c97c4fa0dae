// Writes a change to tenants.json or upstreams.json the way a careful hand would: edit the file's
// current text (comments and layout kept), check the whole resulting config exactly as start-up
// does, write a temp file in the same folder, fsync, rename it over the original. Everything from
// the read to the rename is synchronous, so two changes from this process never interleave.
//
// A hand edit can still land at any moment. Just before the rename the files are read again: when
// one changed, the change is redone on the new text (a few times at most), so neither the hand
// edit nor this change is lost. An in-place write that lands between that check and the rename
// (or up to LATE_WRITE_GRACE_MS after it, from a writer that opened the file before) goes to the
// replaced file, which is read once more through a descriptor kept open on it, and the change is
// redone on top of it. Only an editor's own rename landing in the microseconds around ours, or a
// write later than the grace into a file opened before the rename, can still be lost; nothing
// short of a lock both sides honour avoids that, and editors take none.
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fstatSync, fsyncSync, openSync, readSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { GatewayError } from '../domain/errors.js';
import { configFromTexts, ConfigError, readConfigTexts, type ConfigFileName, type ConfigTexts } from './load-config.js';
import type { ConfigProblem } from './read-jsonc.js';
import type { GatewayConfig } from './types.js';

/** How long after the rename the replaced file is looked at again for a late in-place write. */
export const LATE_WRITE_GRACE_MS = 10;

/** Blocks this thread for `ms` (a dashboard write is rare; the pause keeps the edit synchronous). */
function pauseMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The files the dashboard edits. */
export type EditableFile = Extract<ConfigFileName, 'tenants.json' | 'upstreams.json'>;

/** The new text of the file and what the caller wants back (e.g. which id was created). */
export interface FileEdit<R> {
  text: string;
  result: R;
}

export interface EditOptions<R> {
  configDir: string;
  dataDir: string;
  file: EditableFile;
  /** Makes the change on the file's current text; called again when the file changed meanwhile. */
  edit: (text: string) => FileEdit<R>;
  /** Checks beyond the schema that start-up also makes (the price book); throws ConfigError. */
  verify?: (config: GatewayConfig) => void;
  /** Test seams: called after the temp file is written, before the re-check / before the rename. */
  hooks?: { beforeCheck?: (attempt: number) => void; beforeRename?: (attempt: number) => void };
}

export interface EditOutcome<R> {
  /** The config as the files stood when the change was applied (hand edits included). */
  base: GatewayConfig;
  /** The config after the change. */
  next: GatewayConfig;
  result: R;
  /** 1 unless the files changed while the change was being made. */
  attempts: number;
  /** False when the change left the file as it was (nothing written). */
  written: boolean;
}

export const MAX_EDIT_ATTEMPTS = 5;

/** What a missing file is taken to hold. */
const EMPTY_TEXT: Record<EditableFile, string> = { 'tenants.json': '{\n  "tenants": []\n}\n', 'upstreams.json': '{\n  "upstreams": []\n}\n' };

function describe(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${basename(p.file)} ${p.path}: ${p.message}`).join('; ');
}

function load(opts: EditOptions<unknown>, texts: ConfigTexts): GatewayConfig {
  const config = configFromTexts(opts.configDir, opts.dataDir, texts);
  opts.verify?.(config);
  return config;
}

function isValid(opts: EditOptions<unknown>, texts: ConfigTexts): boolean {
  try {
    load(opts, texts);
    return true;
  } catch {
    return false;
  }
}

/** The config the files hold now; a hand edit that broke them is the user's to fix (409). */
function loadCurrent(opts: EditOptions<unknown>, texts: ConfigTexts): GatewayConfig {
  try {
    return load(opts, texts);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new GatewayError('conflict', `The config files have problems; fix them by hand first (nothing was changed): ${describe(err.problems)}`);
  }
}

function readAll(fd: number): string {
  const size = fstatSync(fd).size;
  const buf = Buffer.alloc(size);
  let got = 0;
  while (got < size) {
    const n = readSync(fd, buf, got, size - got, got);
    if (n === 0) break;
    got += n;
  }
  return buf.toString('utf8', 0, got);
}

function openExisting(path: string): number | undefined {
  try {
    return openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A file-system failure (read-only folder, disk full) as a 500 that says what could not be done. */
function cannotWrite(err: unknown, file: string): GatewayError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new GatewayError('internal', `${file} could not be written (${code}); nothing was changed`);
}

/** Writes `text` to a new temp file beside `target` (mode 0600, then the original's), fsynced. */
function writeTemp(target: string, text: string, mode: number): string {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o600);
  } catch (err) {
    throw cannotWrite(err, basename(target));
  }
  try {
    writeSync(fd, text);
    fchmodSync(fd, mode);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw cannotWrite(err, basename(target));
  }
  closeSync(fd);
  return tmp;
}

/** Makes the rename itself durable (best effort: not every platform can fsync a folder). */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // the data is fsynced; only the rename's durability on power loss depends on this
  }
}

function sameTexts(a: ConfigTexts, b: ConfigTexts): boolean {
  return a['server.json'] === b['server.json'] && a['upstreams.json'] === b['upstreams.json'] && a['tenants.json'] === b['tenants.json'];
}

/** The file a path names, through a symlink (the link stays, its target is replaced). */
function targetOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Applies `edit` to the file and writes it atomically. Throws GatewayError `conflict` when the
 * files on disk are invalid or keep changing, ConfigError when the change would make them invalid
 * (nothing is written then), and whatever `edit` throws.
 */
export function editConfigFile<R>(opts: EditOptions<R>): EditOutcome<R> {
  const dir = resolve(opts.configDir);
  const path = join(dir, opts.file);
  // `base`: the texts the edit is made on; `expected`: what the files must still hold at the rename.
  let base = readConfigTexts(dir);
  let expected = base;
  let writtenUnmerged = false;
  for (let attempt = 1; attempt <= MAX_EDIT_ATTEMPTS; attempt++) {
    const baseConfig = loadCurrent(opts, base);
    const before = base[opts.file];
    const { text, result } = opts.edit(before === undefined || !before.trim() ? EMPTY_TEXT[opts.file] : before);
    const next = load(opts, { ...base, [opts.file]: text });
    if (text === before && sameTexts(base, expected)) return { base: baseConfig, next, result, attempts: attempt, written: false };
    const target = targetOf(path);
    const oldFd = openExisting(target);
    try {
      const mode = oldFd === undefined ? 0o600 : fstatSync(oldFd).mode & 0o777;
      const tmp = writeTemp(target, text, mode);
      opts.hooks?.beforeCheck?.(attempt);
      const now = readConfigTexts(dir);
      const unchanged = sameTexts(now, expected) && (oldFd === undefined ? now[opts.file] === undefined : readAll(oldFd) === expected[opts.file] && targetOf(path) === target);
      if (!unchanged) {
        unlinkSync(tmp);
        base = expected = readConfigTexts(dir);
        continue;
      }
      opts.hooks?.beforeRename?.(attempt);
      try {
        renameSync(tmp, target);
      } catch (err) {
        unlinkSync(tmp);
        throw cannotWrite(err, opts.file);
      }
      syncFolder(dirname(target));
      // A writer that opened the old file just before the rename may still be writing into it:
      // read it after the folder sync and a short pause, so such a write is caught unless it comes
      // more than LATE_WRITE_GRACE_MS after the rename.
      pauseMs(LATE_WRITE_GRACE_MS);
      const replaced = oldFd === undefined ? undefined : readAll(oldFd);
      if (replaced !== undefined && replaced !== expected[opts.file] && isValid(opts, { ...now, [opts.file]: replaced })) {
        // An in-place write reached the old file between the check and the rename: redo the
        // change on what it wrote. (A torn, invalid write cannot be merged; the change stands.)
        base = { ...readConfigTexts(dir), [opts.file]: replaced };
        expected = { ...base, [opts.file]: text };
        writtenUnmerged = true;
        continue;
      }
      return { base: baseConfig, next, result, attempts: attempt, written: true };
    } finally {
      if (oldFd !== undefined) closeSync(oldFd);
    }
  }
  if (writtenUnmerged) throw new GatewayError('conflict', `${opts.file} kept changing: the change was written, but a hand edit made at the same moment could not be merged into it; check the file`);
  throw new GatewayError('conflict', `${opts.file} kept changing while the change was being written; nothing was changed, try again`);
}
