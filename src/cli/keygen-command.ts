// `ccgate keygen`: a new tenant key and the `keyHash` to put in tenants.json instead of the key.
import { sha256Hex } from '../config/load-config.js';
import { newTenantKey } from '../config/starter.js';

/** Prints a fresh key and its hash. */
export function runKeygen(out: (s: string) => void = (s) => process.stdout.write(s)): number {
  const key = newTenantKey();
  out(`key:     ${key}\nkeyHash: sha256:${sha256Hex(key)}\n`);
  out('Give the key to the tenant; put either "key" or "keyHash" in tenants.json.\n');
  return 0;
}
