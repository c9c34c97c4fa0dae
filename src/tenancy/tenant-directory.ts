// Finds the tenant for a presented key. Keys are held only as SHA-256 digests: lookup is by the
// digest in a map, and the stored digest is compared again with timingSafeEqual so the answer
// time does not depend on how much of a key matched.
import { hash, timingSafeEqual } from 'node:crypto';
import type { TenantConfig } from '../config/types.js';

interface Entry {
  digest: Buffer;
  tenant: TenantConfig;
}

/** SHA-256 digest of a key. */
export function keyDigest(key: string): Buffer {
  return hash('sha256', key, 'buffer');
}

/** Tenants by key digest. */
export class TenantDirectory {
  private readonly byDigest = new Map<string, Entry>();
  private readonly byId = new Map<string, TenantConfig>();

  constructor(tenants: readonly TenantConfig[]) {
    for (const tenant of tenants) {
      const digest = Buffer.from(tenant.keySha256, 'hex');
      this.byDigest.set(digest.toString('base64'), { digest, tenant });
      this.byId.set(tenant.id, tenant);
    }
  }

  /** The tenant owning `key`, or undefined. */
  authenticate(key: string): TenantConfig | undefined {
    const digest = keyDigest(key);
    const entry = this.byDigest.get(digest.toString('base64'));
    if (!entry || !timingSafeEqual(entry.digest, digest)) return undefined;
    return entry.tenant;
  }

  byTenantId(id: string): TenantConfig | undefined {
    return this.byId.get(id);
  }

  all(): TenantConfig[] {
    return [...this.byId.values()];
  }
}
