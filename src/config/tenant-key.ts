// New tenant keys from the dashboard and `ccgate tenant`: shown once, stored only as a hash.
import { randomBytes } from 'node:crypto';
import { sha256Hex } from './load-config.js';

/** A new tenant key: `ccg_` + 32 random bytes in base64url (256 bits). */
export function generateTenantKey(): string {
  return `ccg_${randomBytes(32).toString('base64url')}`;
}

/** The `keyHash` tenants.json stores for a key. */
export function keyHashOf(key: string): string {
  return `sha256:${sha256Hex(key)}`;
}
