// Finds the tenant for a presented key. Keys are held only as SHA-256 digests, and a presented
// key is looked up by its digest: what the lookup's timing could reveal is how much of a
// digest matched, which says nothing about the key (SHA-256 is preimage-resistant). So no key,
// and no prefix of one, is ever compared directly. A key replaced by a rotation keeps working
// until its grace period ends.
import { hash } from 'node:crypto';
import type { TenantConfig } from '../config/types.js';

/** SHA-256 digest of a key, base64 (the one-shot hash straight to a string is the cheapest form). */
function keyDigest(key: string): string {
  return hash('sha256', key, 'base64');
}

/** SHA-256 of a key as lower-case hex (the form config `keyHash` and sessions keep). */
export function keySha256Hex(key: string): string {
  return hash('sha256', key, 'hex');
}

/** A rotated-out key: its tenant and until when it is still accepted. */
interface GraceKey {
  tenant: TenantConfig;
  validUntilMs: number;
}

/** Tenants by key digest. */
export class TenantDirectory {
  private readonly byDigest = new Map<string, TenantConfig>();
  private readonly graceByDigest = new Map<string, GraceKey>();
  private readonly byId = new Map<string, TenantConfig>();

  /** `now` tells whether a rotated-out key's grace period is over. */
  constructor(
    tenants: readonly TenantConfig[],
    private readonly now: () => number = Date.now,
  ) {
    for (const tenant of tenants) {
      this.byDigest.set(Buffer.from(tenant.keySha256, 'hex').toString('base64'), tenant);
      this.byId.set(tenant.id, tenant);
      for (const k of tenant.previousKeys) this.graceByDigest.set(Buffer.from(k.keySha256, 'hex').toString('base64'), { tenant, validUntilMs: k.validUntilMs });
    }
  }

  /** The tenant owning `key`, or undefined. */
  authenticate(key: string): TenantConfig | undefined {
    return this.byDigestBase64(keyDigest(key));
  }

  /** The tenant owning the key whose SHA-256 is `sha256Hex` (a dashboard session's key), or undefined. */
  authenticateSha256(sha256Hex: string): TenantConfig | undefined {
    return this.byDigestBase64(Buffer.from(sha256Hex, 'hex').toString('base64'));
  }

  byTenantId(id: string): TenantConfig | undefined {
    return this.byId.get(id);
  }

  all(): TenantConfig[] {
    return [...this.byId.values()];
  }

  private byDigestBase64(digest: string): TenantConfig | undefined {
    const current = this.byDigest.get(digest);
    if (current) return current;
    if (this.graceByDigest.size === 0) return undefined;
    const grace = this.graceByDigest.get(digest);
    return grace && grace.validUntilMs > this.now() ? grace.tenant : undefined;
  }
}
