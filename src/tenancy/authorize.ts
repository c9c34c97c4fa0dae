// Authentication and model access, the first two admission steps (pure: no I/O).
import type { IncomingHttpHeaders } from 'node:http';
import type { TenantConfig } from '../config/types.js';
import { GatewayError } from '../domain/errors.js';
import { matchesAnyModelPattern } from '../domain/model-pattern.js';
import { presentedKey } from './credentials.js';
import type { TenantDirectory } from './tenant-directory.js';

/** The enabled tenant owning the presented key; 401 or 403 otherwise. */
export function authenticate(dir: TenantDirectory, headers: IncomingHttpHeaders): TenantConfig {
  const key = presentedKey(headers);
  if (!key) throw new GatewayError('unauthenticated', 'Missing API key: send your CCGate tenant key as x-api-key or Authorization: Bearer');
  const tenant = dir.authenticate(key);
  if (!tenant) throw new GatewayError('unauthenticated', 'Invalid API key');
  // The tenant's id is the admin's business, not something to tell whoever holds the key.
  if (!tenant.enabled) throw new GatewayError('tenant_disabled', 'This API key belongs to a disabled tenant: ask the gateway admin to enable it');
  return tenant;
}

/** True when the tenant may use the model. */
export function modelAllowed(tenant: TenantConfig, model: string): boolean {
  return matchesAnyModelPattern(tenant.allowedModels, model);
}

/** Throws 403 naming the model when the tenant may not use it. */
export function assertModelAllowed(tenant: TenantConfig, model: string): void {
  if (!modelAllowed(tenant, model)) {
    throw new GatewayError('model_not_allowed', `Model ${model} is not allowed for this key (allowed: ${tenant.allowedModels.join(', ')})`, { param: 'model' });
  }
}
