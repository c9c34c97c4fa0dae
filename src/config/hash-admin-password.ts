// First start with an old server.json: a plain `admin.password` is hashed (scrypt) and the file is
// rewritten in place with `admin.passwordHash`, keeping its comments and layout (jsonc-parser
// edits, not a re-serialisation). When the file cannot be written the gateway keeps going with
// the hash held in memory and says so. The password itself is never logged.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, findNodeAtLocation, modify, parseTree, type Edit, type FormattingOptions } from 'jsonc-parser';
import { hashPassword, isPasswordHash } from '../domain/password.js';
import type { GatewayConfig } from './types.js';

/** The part of a logger this needs (pino's Logger fits). */
export interface AdminPasswordLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Told the in-memory hash of a plain password (AdminAuth.rememberPlainHash). */
export interface PlainHashSink {
  rememberPlainHash(password: string, hash: string): void;
}

/** File access, injectable so a read-only file can be simulated in tests. */
export interface AdminPasswordFiles {
  read(file: string): string;
  write(file: string, text: string): void;
}

const realFiles: AdminPasswordFiles = { read: (f) => readFileSync(f, 'utf8'), write: (f, t) => writeFileSync(f, t) };
const FORMAT: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };

/** Outcome, for the caller and tests. */
export type AdminPasswordResult = 'hashed_at_rest' | 'rewritten' | 'memory_only' | 'no_password';

/**
 * Edits that replace `admin.password` by `admin.passwordHash` in place (same position, comments
 * kept), or that drop the plain password when a hash is already there. Undefined when the text's
 * password is not `plain` (the file changed since it was loaded).
 */
export function passwordEdits(text: string, plain: string, hash: string): Edit[] | undefined {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const node = tree && findNodeAtLocation(tree, ['admin', 'password']);
  if (!tree || !node || node.value !== plain) return undefined;
  if (findNodeAtLocation(tree, ['admin', 'passwordHash'])) return modify(text, ['admin', 'password'], undefined, { formattingOptions: FORMAT });
  const keyNode = node.parent?.children?.[0];
  if (!keyNode) return undefined;
  return [...modify(text, ['admin', 'password'], hash, { formattingOptions: FORMAT }), { offset: keyNode.offset, length: keyNode.length, content: '"passwordHash"' }];
}

function rewrite(file: string, plain: string, hash: string, files: AdminPasswordFiles): void {
  const text = files.read(file);
  const edits = passwordEdits(text, plain, hash);
  if (!edits) throw new Error('admin.password in the file is not the one loaded');
  files.write(file, applyEdits(text, edits));
}

/**
 * Makes sure the admin password is hashed at rest. A plain password is hashed once; the hash goes
 * to `sink` (so logins verify against it even if the file keeps the plain text) and into the file.
 */
export async function hashAdminPassword(config: GatewayConfig, log: AdminPasswordLog, sink: PlainHashSink, files: AdminPasswordFiles = realFiles): Promise<AdminPasswordResult> {
  const { admin } = config;
  const file = join(config.configDir, 'server.json');
  if (admin.passwordHash !== undefined && !isPasswordHash(admin.passwordHash)) {
    log.warn({ file }, 'admin.passwordHash is not a scrypt hash ("scrypt$…"): admin login will fail until it is fixed');
  }
  if (admin.password === undefined) {
    if (admin.enabled && admin.passwordHash === undefined) log.warn({ file }, 'admin is enabled but no admin.passwordHash is set: admin login is impossible');
    return admin.passwordHash === undefined ? 'no_password' : 'hashed_at_rest';
  }
  const hash = admin.passwordHash ?? (await hashPassword(admin.password));
  if (admin.passwordHash === undefined) sink.rememberPlainHash(admin.password, hash);
  try {
    rewrite(file, admin.password, hash, files);
  } catch (err) {
    log.warn(
      { file, problem: (err as NodeJS.ErrnoException).code ?? (err as Error).message },
      'server.json holds a plain admin.password and could not be rewritten: it is hashed in memory only; replace it by admin.passwordHash',
    );
    return 'memory_only';
  }
  const what = admin.passwordHash === undefined ? 'replaced admin.password by its scrypt hash (admin.passwordHash)' : 'removed the plain admin.password (admin.passwordHash is set and wins)';
  log.info({ file }, `server.json: ${what}`);
  return 'rewritten';
}
