// `ccgate keygen`: a new tenant key and the `keyHash` to put in tenants.json instead of the key.
import { generateTenantKey, keyHashOf } from '../config/tenant-key.js';

/** Prints a fresh key and its hash. */
export function runKeygen(out: (s: string) => void = (s) => process.stdout.write(s)): number {
  const key = generateTenantKey();
  out(`key:     ${key}\nkeyHash: ${keyHashOf(key)}\n`);
  out('Give the key to the tenant; put either "key" or "keyHash" in tenants.json.\n');
  return 0;
}
