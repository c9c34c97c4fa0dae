// Tenant-key sign-in to the dashboard: the key is looked up by digest behind the login throttle
// (per client address, shared with admin logins), so keys cannot be guessed at network speed.
import type { TenantConfig } from '../config/types.js';
import { GatewayError } from '../domain/errors.js';
import type { LoginThrottle } from './login-throttle.js';
import type { TenantDirectory } from './tenant-directory.js';

/** Uniform answer for any wrong credential on the dashboard's sign-in. */
export const BAD_CREDENTIAL_MESSAGE = 'Invalid credentials';

/**
 * The tenant owning `key` (a disabled tenant too: it may read its own usage). Throws 429 while
 * `client` is locked, 401 for an unknown key.
 */
export function verifyTenantKey(throttle: LoginThrottle, tenants: TenantDirectory, key: string, client: string): TenantConfig {
  const attempt = { address: client };
  const verdict = throttle.begin(attempt);
  if (!verdict.allowed) throw new GatewayError('login_throttled', 'Too many failed logins: try again later', { retryAfterSec: Math.ceil(verdict.retryAfterMs / 1000) });
  let tenant: TenantConfig | undefined;
  try {
    tenant = tenants.authenticate(key);
  } finally {
    throttle.end(attempt, tenant !== undefined);
  }
  if (!tenant) throw new GatewayError('unauthenticated', BAD_CREDENTIAL_MESSAGE);
  return tenant;
}
