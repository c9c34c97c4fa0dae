// Finds the tenant for a presented key. Keys are held only as SHA-256 digests, and a presented
// key is looked up by its digest: what the lookup's timing could reveal is how much of a
// digest matched, which says nothing about the key (SHA-256 is preimage-resistant). So no key,
// and no prefix of one, is ever compared directly.
import { hash } from 'node:crypto';
import type { TenantConfig } from '../config/types.js';

/** SHA-256 digest of a key, base64 (the one-shot hash straight to a string is the cheapest form). */
function keyDigest(key: string): string {
  return hash('sha256', key, 'base64');
}

/** Tenants by key digest. */
export class TenantDirectory {
  private readonly byDigest = new Map<string, TenantConfig>();
  private readonly byId = new Map<string, TenantConfig>();

  constructor(tenants: readonly TenantConfig[]) {
    for (const tenant of tenants) {
      this.byDigest.set(Buffer.from(tenant.keySha256, 'hex').toString('base64'), tenant);
      this.byId.set(tenant.id, tenant);
    }
  }

  /** The tenant owning `key`, or undefined. */
  authenticate(key: string): TenantConfig | undefined {
    return this.byDigest.get(keyDigest(key));
  }

  byTenantId(id: string): TenantConfig | undefined {
    return this.byId.get(id);
  }

  all(): TenantConfig[] {
    return [...this.byId.values()];
  }
}
