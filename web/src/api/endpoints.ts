// One typed function per dashboard API route (see src/http/dashboard/api-types.ts).
import type {
  AuditList,
  KeyRotated,
  LimitsReport,
  LoginRequest,
  RecentReport,
  RotateRequest,
  SessionInfo,
  SetupInfo,
  TenantCreated,
  TenantInput,
  TenantPatch,
  TenantRow,
  TenantTable,
  UpstreamList,
  UpstreamPatch,
  UpstreamRow,
  UsageReport,
} from './contract.js';
import { apiCall, query } from './http.js';
import { rangeParams, type UsageQuery } from './usage-query.js';

const id = (s: string) => encodeURIComponent(s);

/** Signs in; the server sets the session cookie. */
export const login = (req: LoginRequest) => apiCall<SessionInfo>('POST', '/login', req, { quiet401: true });
/** Ends the session on the server. */
export const logout = () => apiCall<{ loggedOut: true }>('POST', '/logout', {}, { quiet401: true });
/** Who is signed in (401 when nobody). */
export const fetchSession = () => apiCall<SessionInfo>('GET', '/session', undefined, { quiet401: true });

/** The usage report of a range. */
export const fetchUsage = (q: UsageQuery) => apiCall<UsageReport>('GET', `/usage${query({ ...rangeParams(q), tenantId: q.tenantId, tenants: q.tenants?.join(',') })}`);
/** Budget windows and rate limits now. */
export const fetchLimits = (tenantId?: string) => apiCall<LimitsReport>('GET', `/limits${query({ tenantId })}`);
/** The latest requests (metadata only). */
export const fetchRecent = (limit: number, tenantId?: string) => apiCall<RecentReport>('GET', `/recent${query({ limit, tenantId })}`);
/** What the set-up snippets need. */
export const fetchSetup = () => apiCall<SetupInfo>('GET', '/setup');

/** Tenants with their spend over a range (admin). */
export const fetchTenants = (q: UsageQuery) => {
  const { bucket: _bucket, ...params } = rangeParams(q);
  return apiCall<TenantTable>('GET', `/tenants${query(params)}`);
};
/** Creates a tenant; its key comes back once. */
export const createTenant = (input: TenantInput) => apiCall<TenantCreated>('POST', '/tenants', input);
/** Changes a tenant. */
export const patchTenant = (tenantId: string, patch: TenantPatch) => apiCall<{ tenant: TenantRow }>('PATCH', `/tenants/${id(tenantId)}`, patch);
/** Gives a tenant a new key (shown once). */
export const rotateTenantKey = (tenantId: string, req: RotateRequest) => apiCall<KeyRotated>('POST', `/tenants/${id(tenantId)}/rotate`, req);
/** Deletes a tenant. */
export const deleteTenant = (tenantId: string) => apiCall<{ deleted: true }>('DELETE', `/tenants/${id(tenantId)}`);

/** Upstreams and their health (admin). */
export const fetchUpstreams = () => apiCall<UpstreamList>('GET', '/upstreams');
/** Changes an upstream's switch, weight, priority or note. */
export const patchUpstream = (upstreamId: string, patch: UpstreamPatch) => apiCall<{ upstream: UpstreamRow }>('PATCH', `/upstreams/${id(upstreamId)}`, patch);
/** The audit log, newest first. */
export const fetchAudit = (limit: number) => apiCall<AuditList>('GET', `/audit${query({ limit })}`);
