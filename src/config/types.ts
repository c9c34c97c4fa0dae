// The normalised configuration the rest of the gateway reads. Built from the three files by
// load-config.ts; immutable once built (a reload builds a new one).
import type { BudgetPolicy, Strategy } from './schema.js';

export type { BudgetPolicy, Strategy };

/** Time limits of one upstream attempt. */
export interface Timeouts {
  /** TCP/TLS connect. */
  connectMs: number;
  /** From sending the request to the response headers. */
  firstByteMs: number;
  /** Longest silence between two body chunks (stream events). */
  idleMs: number;
  /** Whole attempt, body included. */
  totalMs: number;
  /** Response headers of a non-streaming message: they come when the whole answer is ready. */
  nonStreamingFirstByteMs: number;
  /** Whole attempt of count_tokens and the model list (quick calls: fail over soon). */
  metadataMs: number;
}

/** A model an upstream serves: a `*` pattern, optionally renamed before forwarding. */
export interface ModelRule {
  pattern: string;
  rename?: string;
}

export interface UpstreamConfig {
  id: string;
  name: string;
  /** The file's free-text `description`: the dashboard's note. */
  description?: string;
  /** scheme://host:port, the undici pool key. */
  origin: string;
  /** Path prefix from the URL, without trailing slash ('' for none). */
  pathPrefix: string;
  key: string;
  authHeader: 'x-api-key' | 'bearer';
  weight: number;
  enabled: boolean;
  /** Lower number = preferred tier. */
  priority: number;
  /** Undefined: serves every model. */
  models: ModelRule[] | undefined;
  costMultiplier: number;
  timeouts: Timeouts;
  /** Client header names (lower case; a trailing `*` is a prefix) forwarded besides the default list. */
  forwardHeaders: string[];
  /** Most connections (so concurrent requests) to this upstream; more wait in the pool's queue. */
  maxConnections: number;
  healthCheck: { enabled: boolean; intervalMs: number; timeoutMs: number; path: string };
}

export interface UsdLimit {
  maxUsd: number;
}

export interface TenantLimits {
  daily?: UsdLimit;
  weekly?: UsdLimit;
  monthly?: UsdLimit;
  fiveHour?: UsdLimit;
  requestsPerMinute?: number;
  concurrentRequests?: number;
}

export interface TenantConfig {
  id: string;
  name: string;
  /** SHA-256 of the tenant key, hex. The plain key is not kept in memory. */
  keySha256: string;
  /** Keys replaced by a rotation, valid until `validUntilMs` (epoch ms). */
  previousKeys: Array<{ keySha256: string; validUntilMs: number }>;
  enabled: boolean;
  allowedModels: string[];
  limits: TenantLimits;
  /** IANA zone for the day/week/month boundary. */
  timezone: string;
  priceMultiplier: number;
  /**
   * What admission does when a request's worst-case cost would pass a budget: `strict` refuses,
   * `clamp` lowers max_tokens to fit (or refuses below a useful answer), `soft` admits while spend
   * is under the limit. Set by load-config (tenant's own or the server default); hand-built
   * configs without it get the default, `clamp`.
   */
  budgetPolicy?: BudgetPolicy;
}

export interface GatewayConfig {
  /** Folder the three files were read from. */
  configDir: string;
  dataDir: string;
  server: {
    port: number;
    host: string;
    maxBodyBytes: number;
    shutdownGraceMs: number;
    trustProxy: boolean;
    /** Longest silence while a request body arrives. */
    bodyTimeoutMs: number;
    /** Open connections per client address; 0 for no cap. */
    maxConnectionsPerClient: number;
    /** Deepest JSON nesting of a request body. */
    maxJsonDepth: number;
  };
  /** Who may read /metrics: a bearer token's SHA-256 (hex), or anyone when `public`. */
  metrics: { tokenSha256: string | undefined; public: boolean };
  logging: {
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
    maxFileBytes: number;
    maxFiles: number;
    enableConsole: boolean;
    directory: string;
  };
  routing: {
    strategy: Strategy;
    failoverEnabled: boolean;
    healthCheckEnabled: boolean;
    /** Attempts per request, the first included. */
    maxAttempts: number;
    /** Deadline for all attempts before the commit point. */
    failoverDeadlineMs: number;
    /** First backoff cooldown of a failing upstream (health-policy backoffBaseMs). */
    cooldownBaseMs: number;
    sessions: { enabled: boolean; idleTtlMs: number; maxEntries: number };
  };
  admin: { enabled: boolean; path: string | undefined; username: string; password: string | undefined; passwordHash: string | undefined };
  openai: { enabled: boolean; models: Record<string, string>; defaultModel: string | undefined; defaultMaxTokens: number; defaultMaxOutputTokens: number };
  dashboard: { showUpstreamToTenants: boolean; publicUrl: string | undefined; sessionIdleMs: number; sessionMaxMs: number };
  storage: { databaseUrl: string | undefined; retentionDays: number; sqliteCacheBytes: number };
  /** Caps on upstream answers, in bytes. */
  proxy: { maxResponseBytes: number; maxDecompressedBytes: number; maxSseFrameBytes: number };
  budgets: { clampMinOutputTokens: number };
  pricingOverrides: Record<string, Record<string, unknown>>;
  upstreams: UpstreamConfig[];
  tenants: TenantConfig[];
}
