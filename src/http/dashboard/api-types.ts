// The dashboard API's JSON shapes: one contract shared by the gateway (src/http/dashboard/) and the
// browser app (web/), which imports these types only. Money is integer nano-USD with a USD twin for
// display; times are epoch ms with an ISO twin. Every usage answer names its time zone.
//
// Routes (all under /dashboard/api, JSON, `cache-control: no-store`, errors `{error:{code,message}}`):
//   POST   /login                       LoginRequest → SessionInfo (sets the session cookie)
//   POST   /logout                      → {loggedOut:true} (kills the server-side session)
//   GET    /session                     → SessionInfo | 401
//   GET    /usage?range|from&to&tz&bucket&tenantId&tenants   → UsageReport
//   GET    /limits?tenantId             → LimitsReport (tenant: own only)
//   GET    /recent?limit&tenantId       → RecentReport
//   GET    /setup                       → SetupInfo
//   GET    /tenants?range|from&to&tz    → TenantTable (admin)
//   POST   /tenants                     TenantInput → TenantCreated (admin)
//   PATCH  /tenants/{id}                TenantPatch → {tenant: TenantRow} (admin)
//   POST   /tenants/{id}/rotate         RotateRequest → KeyRotated (admin)
//   DELETE /tenants/{id}                → {deleted:true} (admin)
//   GET    /upstreams                   → UpstreamList (admin)
//   PATCH  /upstreams/{id}              UpstreamPatch → {upstream: UpstreamRow} (admin)
//   GET    /audit?limit                 → AuditList (admin)
//   GET    /events                      text/event-stream of LiveEvent (admin)
// Plus, outside /dashboard/api: GET /anthropic/ccgate/statusline (tenant key) → text/plain.

/** Who is signed in. */
export type Role = 'admin' | 'tenant';

export type LoginRequest = { kind: 'admin'; username: string; password: string } | { kind: 'tenant'; apiKey: string };

export interface SessionInfo {
  role: Role;
  /** Admin only. */
  username?: string;
  /** Tenant only. `enabled` false: the proxy refuses its key, but it may read its own usage. */
  tenant?: { id: string; name: string; timezone: string; enabled?: boolean };
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  version: string;
  /** Whether tenants may see upstream names (server.json dashboard.showUpstreamToTenants). */
  upstreamVisibleToTenants: boolean;
}

export type WindowKind = 'daily' | 'weekly' | 'monthly' | '5h';
export type Preset = 'today' | 'yesterday' | '7d' | '30d' | 'month';
export type BucketWidth = 'hour' | 'day';

export interface TokensJson {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  total: number;
}

/** Costs; `list*` and `upstream*` only for the admin. */
export interface CostJson {
  chargedNano: number;
  chargedUsd: number;
  listNano?: number;
  listUsd?: number;
  upstreamNano?: number;
  upstreamUsd?: number;
}

/**
 * Prompt caching of a group. hitRate = cacheRead / (input + cacheWrite5m + cacheWrite1h + cacheRead)
 * (Anthropic counts cache reads outside input_tokens). savedNano = what the cached reads would have
 * cost as plain input minus what they cost, at the charged rate; writePremiumNano = what the cache
 * writes cost above plain input; netSavedNano = savedNano − writePremiumNano (may be negative).
 */
export interface CacheJson {
  hitRate: number;
  savedNano: number;
  savedUsd: number;
  writePremiumNano: number;
  netSavedNano: number;
  netSavedUsd: number;
}

export interface TotalsJson {
  requests: number;
  /** Requests answered with status >= 400. */
  errors: number;
  errorRate: number;
  tokens: TokensJson;
  cost: CostJson;
  cache: CacheJson;
  /** Requests charged at a family fallback price (model without an exact price). */
  flaggedRequests: number;
}

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
  from: string;
  to: string;
  /** IANA zone every bucket boundary and label is computed in. */
  tz: string;
  bucket: BucketWidth;
  preset: Preset | null;
}

/** One time bucket: start in the range's zone. */
export interface BucketJson extends TotalsJson {
  startMs: number;
  /** Local label in the range's zone: "2026-12-02" (day) or "2026-12-02 14:00" (hour). */
  label: string;
}

/** A series split by a dimension: values[i][k] = charged nano of keys[k] in bucket i. */
export interface SplitSeries {
  keys: string[];
  /** Display names of keys (tenant names); same order as keys. */
  names: string[];
  chargedNano: number[][];
  requests: number[][];
}

export interface UsageReport {
  range: ResolvedRange;
  /** null for the admin's all-tenant view. */
  tenantId: string | null;
  totals: TotalsJson;
  byModel: Array<TotalsJson & { key: string }>;
  /** Admin only. */
  byTenant?: Array<TotalsJson & { key: string; name: string }>;
  /** Admin, or tenants when upstream names are visible to them. */
  byUpstream?: Array<TotalsJson & { key: string }>;
  buckets: BucketJson[];
  /** Per-bucket split by model (stacked chart). */
  seriesByModel: SplitSeries;
  /** Admin with `tenants=a,b,c`: per-bucket overlay of those tenants. */
  seriesByTenant?: SplitSeries;
  /** Models charged at a fallback price in this range (admin). */
  unpricedModels?: string[];
  /**
   * Proof the numbers add up: Σ byModel = Σ byTenant = Σ buckets = Σ byUpstream = totals,
   * compared in integer nano-USD and tokens on the server before the answer is sent (null: the
   * view is not in this answer).
   */
  reconciled: { byModel: boolean; byTenant: boolean | null; byBucket: boolean; byUpstream: boolean | null };
}

export interface WindowJson {
  kind: WindowKind;
  usedNano: number;
  usedUsd: number;
  limitNano: number;
  limitUsd: number;
  /** Start of the current period (5h: now − 5 h). */
  periodStartMs: number;
  resetsAtMs: number;
  resetsAt: string;
  /** Spend rate over the last hour, nano-USD per hour. */
  paceNanoPerHour: number;
  /** When the limit is reached at that pace; null when it is not reached before the reset. */
  projectedLimitAtMs: number | null;
}

export interface LimitsReport {
  tenantId: string;
  tz: string;
  nowMs: number;
  windows: WindowJson[];
  requestsPerMinute: { limit: number | null; used: number };
  concurrentRequests: { limit: number | null; inFlight: number };
}

/** One request: metadata only, never prompt or answer content. */
export interface RecentRequestJson {
  ts: number;
  time: string;
  requestId: string;
  tenantId: string | null;
  endpoint: 'anthropic' | 'openai' | 'openai-responses';
  model: string | null;
  /** Hidden (null) for tenants unless the admin shows upstream names. */
  upstreamId: string | null;
  status: number;
  errorType: string | null;
  stream: boolean;
  attempts: number;
  durationMs: number;
  ttfbMs: number | null;
  priceFlagged: boolean;
  /** Output tokens estimated from what a cut or aborted stream forwarded (never less than the upstream reported). */
  usageEstimated: boolean;
  tokens: TokensJson;
  cost: CostJson;
}

export interface RecentReport {
  tenantId: string | null;
  requests: RecentRequestJson[];
}

/** What the set-up snippets need; the tenant's key is never known to the server (hash only). */
export interface SetupInfo {
  /** The gateway's address as the browser reached it (or server.json dashboard.publicUrl). */
  baseUrl: string;
  anthropicBaseUrl: string;
  openaiBaseUrl: string;
  statuslineUrl: string;
  /** OpenAI model names the tenant can use (aliases and Claude ids allowed to it). */
  openaiModels: string[];
  /** The tenant's allow-list patterns. */
  allowedModels: string[];
}

export interface TenantLimitsJson {
  daily?: { maxUSD: number };
  weekly?: { maxUSD: number };
  monthly?: { maxUSD: number };
  '5h'?: { maxUSD: number };
  requestsPerMinute?: number;
  concurrentRequests?: number;
}

/** A tenant as the admin's table shows it. Never a key or key hash. */
export interface TenantRow {
  id: string;
  name: string;
  enabled: boolean;
  allowedModels: string[];
  limits: TenantLimitsJson;
  timezone: string;
  priceMultiplier: number;
  /** An old key still valid after a rotation, until this time. */
  graceKeyUntil: string | null;
  windows: WindowJson[];
  requestsPerMinute: { limit: number | null; used: number };
  concurrentRequests: { limit: number | null; inFlight: number };
  /** Over the table's range. */
  requests: number;
  errors: number;
  chargedNano: number;
  cacheHitRate: number;
  lastSeenMs: number | null;
}

export interface TenantTable {
  range: ResolvedRange;
  tenants: TenantRow[];
}

export interface TenantInput {
  /** Optional: made from the name when absent. */
  id?: string;
  name: string;
  enabled?: boolean;
  allowedModels?: string[];
  limits?: TenantLimitsJson;
  timezone?: string;
  priceMultiplier?: number;
}

export type TenantPatch = Partial<Omit<TenantInput, 'id'>>;

export interface TenantCreated {
  tenant: TenantRow;
  /** Shown once; only its hash is stored. */
  apiKey: string;
}

export interface RotateRequest {
  /** Keep the old key valid this long (0 or absent: revoked at once); at most 30 days. */
  graceSeconds?: number;
}

export interface KeyRotated {
  tenant: TenantRow;
  apiKey: string;
  oldKeyValidUntil: string | null;
}

export type UpstreamState = 'healthy' | 'cooling' | 'disabled';

/** An upstream for the admin: never its key. */
export interface UpstreamRow {
  id: string;
  name: string;
  /** scheme://host[:port][/prefix], no credentials. */
  url: string;
  enabled: boolean;
  weight: number;
  priority: number;
  note: string;
  state: UpstreamState;
  cooldownReason: string | null;
  cooldownRemainingMs: number | null;
  inFlight: number;
  errorRate: number | null;
  latencyEwmaMs: number | null;
  /** Moving average of time to first byte of answered requests. */
  ttfbEwmaMs: number | null;
  lastError: { reason: string; status: number | null; atMs: number } | null;
  lastSuccessAtMs: number | null;
  attemptsTotal: number;
  failuresTotal: number;
}

export interface UpstreamList {
  upstreams: UpstreamRow[];
  strategy: string;
}

export interface UpstreamPatch {
  enabled?: boolean;
  weight?: number;
  priority?: number;
  /** Stored as the upstream's `description`. */
  note?: string;
}

export interface AuditEntry {
  ts: number;
  time: string;
  /** "admin:<username>" or "file" for hand edits noticed on reload. */
  actor: string;
  /** upstream.create / upstream.delete: hand edits only (the dashboard does not add or remove upstreams). */
  action: 'tenant.create' | 'tenant.update' | 'tenant.rotate' | 'tenant.delete' | 'upstream.create' | 'upstream.update' | 'upstream.delete';
  target: string;
  /** Field → [before, after]; keys and hashes never appear. */
  changes: Record<string, [unknown, unknown]>;
}

export interface AuditList {
  entries: AuditEntry[];
}

/** Server-Sent Events of GET /dashboard/api/events (event name = `type`). */
export type LiveEvent =
  | { type: 'upstreams'; nowMs: number; upstreams: UpstreamRow[] }
  | { type: 'request'; request: RecentRequestJson & { tenantName: string | null } }
  | { type: 'config'; nowMs: number };
