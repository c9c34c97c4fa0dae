// Schema of the three config files. The original CCGate's files are accepted unchanged; every
// field added since is optional with a default. Unknown keys are allowed (old files carry extras)
// but every known key is validated. README "Configuration" documents each field here.
import { z } from 'zod';

const sizeString = z
  .union([z.number().int().positive(), z.string().regex(/^\s*\d+(\.\d+)?\s*(b|kb|k|mb|m|gb|g)?\s*$/i, 'a size such as "100MB"')])
  .describe('bytes, or a size string such as "100MB"');

const ms = z.number().int().nonnegative();

/**
 * Headers no `forwardHeaders` entry may name (proxy/headers.ts never forwards them; a unit test
 * keeps the lists equal): credentials, hop-by-hop, framing, and the client-address headers.
 */
export const NEVER_FORWARDED_HEADERS: readonly string[] = [
  'authorization', 'x-api-key', 'cookie', 'proxy-authorization', 'proxy-authenticate',
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade',
  'host', 'content-length', 'accept-encoding', 'expect',
  'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip',
];

function nameCovers(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

const forwardHeaderPattern = z
  .string()
  .toLowerCase()
  .regex(/^[a-z0-9!#$%&'+.^_`|~-]{2,}\*?$/, 'a header name, or a prefix of at least 2 characters ending in *')
  .refine((p) => !NEVER_FORWARDED_HEADERS.some((n) => nameCovers(p, n)), 'credentials, hop-by-hop, framing and client-address headers are never forwarded');

const timeoutsSchema = z
  .object({
    connectMs: ms.optional(),
    firstByteMs: ms.optional(),
    idleMs: ms.optional(),
    totalMs: ms.optional(),
    /** Response headers of a non-streaming message (sent only when the answer is complete). */
    nonStreamingFirstByteMs: ms.optional(),
    /** Whole attempt of a metadata call (count_tokens, the model list). */
    metadataMs: ms.optional(),
  })
  .loose();

/** What a tenant's budget does with a request whose worst-case cost would pass the limit. */
export const budgetPolicySchema = z.enum(['strict', 'clamp', 'soft']);

export const serverFileSchema = z
  .object({
    server: z
      .object({
        port: z.number().int().min(0).max(65535).default(3000),
        host: z.string().default('0.0.0.0'),
        maxBodySize: sizeString.default('32MB'),
        shutdownGraceMs: ms.default(30_000),
        trustProxy: z.boolean().default(false),
        /** Longest silence while a request body arrives; then 408 (or a close when already answered). */
        bodyTimeoutMs: z.number().int().min(50).default(30_000),
        /** Open connections one client address may hold (0: no cap); behind a proxy that is the proxy's. */
        maxConnectionsPerClient: z.number().int().nonnegative().default(256),
        /** Deepest JSON nesting a request body may have (checked before it is parsed). */
        maxJsonDepth: z.number().int().min(2).max(10_000).default(64),
      })
      .loose()
      .prefault({}),
    logging: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        maxFileSize: sizeString.default('100MB'),
        maxFiles: z.number().int().positive().default(5),
        enableConsole: z.boolean().default(true),
        directory: z.string().optional(),
      })
      .loose()
      .prefault({}),
    proxy: z
      .object({
        timeout: ms.optional(),
        retryAttempts: z.number().int().nonnegative().optional(),
        retryDelay: ms.optional(),
        maxAttempts: z.number().int().positive().optional(),
        failoverDeadlineMs: ms.optional(),
        timeouts: timeoutsSchema.optional(),
        // Caps on what an upstream may send (issue 11): a non-streaming body as received, any
        // body after decompression, and one SSE frame. Generous for real Claude answers.
        maxResponseBytes: sizeString.default('64MB'),
        maxDecompressedBytes: sizeString.default('64MB'),
        maxSseFrameBytes: sizeString.default('16MB'),
      })
      .loose()
      .prefault({}),
    admin: z
      .object({
        enabled: z.boolean().default(true),
        // The original's admin panel path (its example: "/admin"): opens the dashboard's admin
        // sign-in. The dashboard itself is always at /dashboard.
        path: z.string().regex(/^\/[A-Za-z0-9._~\/-]*$/, 'a path such as "/admin"').optional(),
        username: z.string().min(1).default('admin'),
        password: z.string().optional(),
        passwordHash: z.string().optional(),
      })
      .loose()
      .prefault({}),
    openai: z
      .object({
        enabled: z.boolean().default(true),
        models: z.record(z.string(), z.string()).default({}),
        defaultModel: z.string().optional(),
        defaultMaxTokens: z.number().int().positive().default(8192),
        /** Responses API: Codex never sends max_output_tokens, and a max_tokens stop fails its turn. */
        defaultMaxOutputTokens: z.number().int().positive().default(32000),
      })
      .loose()
      .prefault({}),
    storage: z
      .object({
        databaseUrl: z.string().optional(),
        retentionDays: z.number().int().nonnegative().default(0),
        /** Page cache of the SQLite read worker, which answers the dashboard and the usage API (the writer keeps 2 MB). */
        sqliteCacheSize: sizeString.default('16MB'),
      })
      .loose()
      .prefault({}),
    dashboard: z
      .object({
        /** Whether tenants see which upstream served each of their requests. */
        showUpstreamToTenants: z.boolean().default(false),
        /** The gateway's address as users reach it (behind a reverse proxy), for set-up snippets. */
        publicUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
        sessionIdleMinutes: z.number().int().positive().max(7 * 24 * 60).default(120),
        sessionMaxHours: z.number().int().positive().max(30 * 24).default(12),
      })
      .loose()
      .prefault({}),
    metrics: z
      .object({
        /** Bearer token a scraper sends for /metrics. */
        token: z.string().min(16, 'must be at least 16 characters').optional(),
        /** Serves /metrics without a token (an explicit choice: it names tenants and their spend). */
        public: z.boolean().default(false),
      })
      .loose()
      .prefault({}),
    budgets: z
      .object({
        /** Policy of tenants that set none (tenants.json `budgetPolicy`). */
        defaultPolicy: budgetPolicySchema.default('clamp'),
        /** `clamp` never lowers max_tokens below this (or the request's own, if smaller): it refuses instead. */
        clampMinOutputTokens: z.number().int().positive().default(1024),
      })
      .loose()
      .prefault({}),
    sessions: z
      .object({
        enabled: z.boolean().default(true),
        idleTtlMs: ms.default(3_600_000),
        maxEntries: z.number().int().positive().default(50_000),
      })
      .loose()
      .prefault({}),
    pricing: z
      .object({
        overrides: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
      })
      .loose()
      .prefault({}),
  })
  .loose();

const modelsEntry = z.union([
  z.string().min(1),
  z.object({ match: z.string().min(1), rename: z.string().min(1).optional() }).strict(),
]);

export const upstreamSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    key: z.string().default(''),
    description: z.string().optional(),
    weight: z.number().int().min(0).max(1000).default(1),
    enabled: z.boolean().default(true),
    priority: z.number().int().min(0).default(0),
    authHeader: z.enum(['x-api-key', 'bearer']).default('x-api-key'),
    models: z.array(modelsEntry).optional(),
    costMultiplier: z.number().nonnegative().default(1),
    timeouts: timeoutsSchema.optional(),
    /** Client request headers forwarded besides the default list: names, or prefixes ending in `*`. */
    forwardHeaders: z.array(forwardHeaderPattern).default([]),
    /** Connections the gateway keeps open to this upstream at most: its concurrent requests, streams included. */
    maxConnections: z.number().int().min(1).max(65_536).default(256),
    healthCheck: z
      .object({
        enabled: z.boolean().default(false),
        interval: ms.default(30_000),
        timeout: ms.default(5_000),
        path: z.string().default('/v1/models'),
      })
      .loose()
      .optional(),
  })
  .loose();

export const strategySchema = z.enum([
  'round_robin',
  'weighted_round_robin',
  'random',
  'weighted_random',
  'least_connections',
]);

export const upstreamsFileSchema = z
  .object({
    upstreams: z.array(upstreamSchema).default([]),
    loadBalancer: z
      .object({
        strategy: strategySchema.default('round_robin'),
        healthCheckEnabled: z.boolean().default(true),
        failoverEnabled: z.boolean().default(true),
        stickySessions: z.boolean().optional(),
        /** First cooldown after a connect error, timeout, 5xx or 529; each further failure doubles it (read at start). */
        cooldownBaseMs: z.number().int().min(100).max(300_000).default(1_000),
      })
      .loose()
      .prefault({}),
  })
  .loose();

const usdWindow = z.object({ maxUSD: z.number().nonnegative() }).loose();

export const tenantSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    key: z.string().min(8, 'must be at least 8 characters').optional(),
    keyHash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" followed by 64 hex digits').optional(),
    /** Keys replaced by a rotation that stay valid until `validUntil` (ISO 8601). */
    previousKeys: z
      .array(z.object({ keyHash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" followed by 64 hex digits'), validUntil: z.iso.datetime({ offset: true }) }).loose())
      .default([]),
    enabled: z.boolean().default(true),
    allowedModels: z.array(z.string().min(1)).default(['*']),
    limits: z
      .object({
        daily: usdWindow.optional(),
        weekly: usdWindow.optional(),
        monthly: usdWindow.optional(),
        '5h': usdWindow.optional(),
        requestsPerMinute: z.number().int().positive().optional(),
        concurrentRequests: z.number().int().positive().optional(),
      })
      .loose()
      .default({}),
    timezone: z.string().default('UTC'),
    priceMultiplier: z.number().nonnegative().default(1),
    /** strict | clamp | soft; default: server.json budgets.defaultPolicy. */
    budgetPolicy: budgetPolicySchema.optional(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .loose()
  .refine((t) => (t.key === undefined) !== (t.keyHash === undefined), { message: 'give exactly one of key or keyHash', path: ['key'] });

export const tenantsFileSchema = z.object({ tenants: z.array(tenantSchema).default([]) }).loose();

export type ServerFile = z.infer<typeof serverFileSchema>;
export type UpstreamsFile = z.infer<typeof upstreamsFileSchema>;
export type TenantsFile = z.infer<typeof tenantsFileSchema>;
export type UpstreamEntry = z.infer<typeof upstreamSchema>;
export type TenantEntry = z.infer<typeof tenantSchema>;
export type Strategy = z.infer<typeof strategySchema>;
export type BudgetPolicy = z.infer<typeof budgetPolicySchema>;
