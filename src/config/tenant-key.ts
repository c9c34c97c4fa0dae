// New tenant keys (starter config, `ccgate keygen`, `ccgate tenant`, the dashboard): shown once,
// stored only as a hash. Base62 so a double-click selects the whole key in any terminal or page.
import { randomBase62 } from '../domain/ids.js';
import { sha256Hex } from './load-config.js';

/** A new tenant key: `ccg-` + 43 base62 characters (~256 bits). */
export function generateTenantKey(): string {
  return `ccg-${randomBase62(43)}`;
}

/** The `keyHash` tenants.json stores for a key. */
export function keyHashOf(key: string): string {
  return `sha256:${sha256Hex(key)}`;
}
