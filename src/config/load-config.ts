// Loads config/{server,upstreams,tenants}.json, validates them with the schema and builds the
// normalised GatewayConfig. Every problem names the file, the field path and what is wrong; no
// message ever includes a field's value, so secrets cannot leak through validation errors.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { parseSize } from './parse-size.js';
import { parseJsonc, type ConfigProblem } from './read-jsonc.js';
import {
  serverFileSchema,
  tenantsFileSchema,
  upstreamsFileSchema,
  type ServerFile,
  type TenantEntry,
  type UpstreamEntry,
} from './schema.js';
import type { BudgetPolicy, GatewayConfig, TenantConfig, Timeouts, UpstreamConfig } from './types.js';

/** The config could not be used; `problems` says where and why. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export const CONFIG_FILES = ['server.json', 'upstreams.json', 'tenants.json'] as const;

/** One of the three config files. */
export type ConfigFileName = (typeof CONFIG_FILES)[number];

/** The three files' texts; undefined for a file that does not exist. */
export type ConfigTexts = Record<ConfigFileName, string | undefined>;

const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 10_000,
  // Streams send their headers at once, so a mirror silent for a minute is hanging: fail over.
  // (Non-streaming answers get nonStreamingFirstByteMs below.)
  firstByteMs: 60_000,
  idleMs: 120_000,
  totalMs: 1_800_000,
  // A non-streaming answer's headers come with its last token (a 64k-token answer takes minutes).
  nonStreamingFirstByteMs: 600_000,
  // count_tokens and the model list answer at once on a working mirror: fail over soon.
  metadataMs: 30_000,
};

function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? '(root)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

function validate<S extends z.ZodType>(schema: S, file: string, value: unknown, problems: ConfigProblem[]): z.infer<S> | undefined {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push({ file, path: issuePath(issue.path), message: issue.message });
  return undefined;
}

function parseFile<S extends z.ZodType>(dir: string, name: ConfigFileName, text: string | undefined, schema: S, problems: ConfigProblem[]): z.infer<S> | undefined {
  const file = join(dir, name);
  if (text === undefined) return validate(schema, file, {}, problems);
  const parsed = parseJsonc(file, text);
  if (parsed.problems.length) {
    problems.push(...parsed.problems);
    return undefined;
  }
  return validate(schema, file, parsed.value, problems);
}

/** Reads the three files' current texts (undefined for a missing file). */
export function readConfigTexts(configDir: string): ConfigTexts {
  const read = (name: ConfigFileName): string | undefined => {
    try {
      return readFileSync(join(configDir, name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  return { 'server.json': read('server.json'), 'upstreams.json': read('upstreams.json'), 'tenants.json': read('tenants.json') };
}

/** SHA-256 of a tenant key as lower-case hex (the form `keyHash` stores). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function normaliseUpstream(u: UpstreamEntry, base: Timeouts): UpstreamConfig {
  const url = new URL(u.url);
  const t = u.timeouts ?? {};
  return {
    id: u.id,
    name: u.name ?? u.id,
    ...(u.description === undefined ? {} : { description: u.description }),
    origin: url.origin,
    pathPrefix: url.pathname.replace(/\/+$/, ''),
    key: u.key,
    authHeader: u.authHeader,
    weight: u.weight,
    enabled: u.enabled,
    priority: u.priority,
    models: u.models?.map((m) => (typeof m === 'string' ? { pattern: m } : m.rename ? { pattern: m.match, rename: m.rename } : { pattern: m.match })),
    costMultiplier: u.costMultiplier,
    forwardHeaders: u.forwardHeaders,
    maxConnections: u.maxConnections,
    timeouts: {
      connectMs: t.connectMs ?? base.connectMs,
      firstByteMs: t.firstByteMs ?? base.firstByteMs,
      idleMs: t.idleMs ?? base.idleMs,
      totalMs: t.totalMs ?? base.totalMs,
      nonStreamingFirstByteMs: t.nonStreamingFirstByteMs ?? base.nonStreamingFirstByteMs,
      metadataMs: t.metadataMs ?? base.metadataMs,
    },
    healthCheck: {
      enabled: u.healthCheck?.enabled ?? false,
      intervalMs: u.healthCheck?.interval ?? 30_000,
      timeoutMs: u.healthCheck?.timeout ?? 5_000,
      path: u.healthCheck?.path ?? '/v1/models',
    },
  };
}

function normaliseTenant(t: TenantEntry, defaultPolicy: BudgetPolicy): TenantConfig {
  const l = t.limits;
  const limits: TenantConfig['limits'] = {};
  if (l.daily) limits.daily = { maxUsd: l.daily.maxUSD };
  if (l.weekly) limits.weekly = { maxUsd: l.weekly.maxUSD };
  if (l.monthly) limits.monthly = { maxUsd: l.monthly.maxUSD };
  if (l['5h']) limits.fiveHour = { maxUsd: l['5h'].maxUSD };
  if (l.requestsPerMinute !== undefined) limits.requestsPerMinute = l.requestsPerMinute;
  if (l.concurrentRequests !== undefined) limits.concurrentRequests = l.concurrentRequests;
  return {
    id: t.id,
    name: t.name ?? t.id,
    keySha256: t.keyHash ? t.keyHash.slice('sha256:'.length) : sha256Hex(t.key ?? ''),
    previousKeys: t.previousKeys.map((k) => ({ keySha256: k.keyHash.slice('sha256:'.length), validUntilMs: Date.parse(k.validUntil) })),
    enabled: t.enabled,
    allowedModels: t.allowedModels,
    limits,
    timezone: t.timezone,
    priceMultiplier: t.priceMultiplier,
    budgetPolicy: t.budgetPolicy ?? defaultPolicy,
  };
}

function baseTimeouts(server: ServerFile): Timeouts {
  const p = server.proxy;
  return {
    connectMs: p.timeouts?.connectMs ?? DEFAULT_TIMEOUTS.connectMs,
    // The original's `proxy.timeout` meant "no answer within this time".
    firstByteMs: p.timeouts?.firstByteMs ?? p.timeout ?? DEFAULT_TIMEOUTS.firstByteMs,
    idleMs: p.timeouts?.idleMs ?? DEFAULT_TIMEOUTS.idleMs,
    totalMs: p.timeouts?.totalMs ?? DEFAULT_TIMEOUTS.totalMs,
    nonStreamingFirstByteMs: p.timeouts?.nonStreamingFirstByteMs ?? DEFAULT_TIMEOUTS.nonStreamingFirstByteMs,
    metadataMs: p.timeouts?.metadataMs ?? DEFAULT_TIMEOUTS.metadataMs,
  };
}

function crossCheck(dir: string, ups: UpstreamEntry[], tenants: TenantEntry[], problems: ConfigProblem[]): void {
  const upFile = join(dir, 'upstreams.json');
  const tenFile = join(dir, 'tenants.json');
  const seenUp = new Set<string>();
  ups.forEach((u, i) => {
    if (seenUp.has(u.id)) problems.push({ file: upFile, path: `upstreams[${i}].id`, message: `duplicate upstream id "${u.id}"` });
    seenUp.add(u.id);
  });
  const seenId = new Set<string>();
  const seenKey = new Map<string, number>();
  tenants.forEach((t, i) => {
    if (seenId.has(t.id)) problems.push({ file: tenFile, path: `tenants[${i}].id`, message: `duplicate tenant id "${t.id}"` });
    seenId.add(t.id);
    const digest = t.keyHash ? t.keyHash.slice('sha256:'.length) : sha256Hex(t.key ?? '');
    const other = seenKey.get(digest);
    if (other !== undefined) problems.push({ file: tenFile, path: `tenants[${i}].key`, message: `same key as tenants[${other}] (keys must be unique)` });
    seenKey.set(digest, i);
    if (!isValidTimeZone(t.timezone)) problems.push({ file: tenFile, path: `tenants[${i}].timezone`, message: 'unknown IANA time zone' });
  });
}

/** Loads and validates the config folder; throws ConfigError listing every problem. */
export function loadConfig(configDir: string, dataDir: string): GatewayConfig {
  return configFromTexts(configDir, dataDir, readConfigTexts(resolve(configDir)));
}

/**
 * Validates the three files' texts exactly as start-up does (schema and cross-checks) and builds
 * the config; throws ConfigError listing every problem. The dashboard checks an edit with this
 * before writing it.
 */
export function configFromTexts(configDir: string, dataDir: string, texts: ConfigTexts): GatewayConfig {
  const dir = resolve(configDir);
  const problems: ConfigProblem[] = [];
  const server = parseFile(dir, 'server.json', texts['server.json'], serverFileSchema, problems);
  const ups = parseFile(dir, 'upstreams.json', texts['upstreams.json'], upstreamsFileSchema, problems);
  const ten = parseFile(dir, 'tenants.json', texts['tenants.json'], tenantsFileSchema, problems);
  if (server && ups && ten) crossCheck(dir, ups.upstreams, ten.tenants, problems);
  if (!server || !ups || !ten || problems.length) throw new ConfigError(problems);

  const timeouts = baseTimeouts(server);
  const data = resolve(dataDir);
  const p = server.proxy;
  return {
    configDir: dir,
    dataDir: data,
    server: {
      port: server.server.port,
      host: server.server.host,
      maxBodyBytes: parseSize(server.server.maxBodySize),
      shutdownGraceMs: server.server.shutdownGraceMs,
      trustProxy: server.server.trustProxy,
      bodyTimeoutMs: server.server.bodyTimeoutMs,
      maxConnectionsPerClient: server.server.maxConnectionsPerClient,
      maxJsonDepth: server.server.maxJsonDepth,
    },
    metrics: { tokenSha256: server.metrics.token === undefined ? undefined : sha256Hex(server.metrics.token), public: server.metrics.public },
    logging: {
      level: server.logging.level,
      maxFileBytes: parseSize(server.logging.maxFileSize),
      maxFiles: server.logging.maxFiles,
      enableConsole: server.logging.enableConsole,
      directory: server.logging.directory ? resolve(data, server.logging.directory) : join(data, 'logs'),
    },
    routing: {
      strategy: ups.loadBalancer.strategy,
      failoverEnabled: ups.loadBalancer.failoverEnabled,
      cooldownBaseMs: ups.loadBalancer.cooldownBaseMs,
      healthCheckEnabled: ups.loadBalancer.healthCheckEnabled,
      maxAttempts: p.maxAttempts ?? (p.retryAttempts !== undefined ? p.retryAttempts + 1 : 3),
      failoverDeadlineMs: p.failoverDeadlineMs ?? 180_000,
      sessions: {
        enabled: ups.loadBalancer.stickySessions ?? server.sessions.enabled,
        idleTtlMs: server.sessions.idleTtlMs,
        maxEntries: server.sessions.maxEntries,
      },
    },
    admin: {
      enabled: server.admin.enabled,
      path: server.admin.path,
      username: server.admin.username,
      password: server.admin.password,
      passwordHash: server.admin.passwordHash,
    },
    dashboard: {
      showUpstreamToTenants: server.dashboard.showUpstreamToTenants,
      publicUrl: server.dashboard.publicUrl,
      sessionIdleMs: server.dashboard.sessionIdleMinutes * 60_000,
      sessionMaxMs: server.dashboard.sessionMaxHours * 3_600_000,
    },
    openai: {
      enabled: server.openai.enabled,
      models: server.openai.models,
      defaultModel: server.openai.defaultModel,
      defaultMaxTokens: server.openai.defaultMaxTokens,
      defaultMaxOutputTokens: server.openai.defaultMaxOutputTokens,
    },
    storage: {
      databaseUrl: process.env['CCGATE_DATABASE_URL'] ?? server.storage.databaseUrl,
      retentionDays: server.storage.retentionDays,
      sqliteCacheBytes: parseSize(server.storage.sqliteCacheSize),
    },
    proxy: {
      maxResponseBytes: parseSize(p.maxResponseBytes),
      maxDecompressedBytes: parseSize(p.maxDecompressedBytes),
      maxSseFrameBytes: parseSize(p.maxSseFrameBytes),
    },
    budgets: { clampMinOutputTokens: server.budgets.clampMinOutputTokens },
    pricingOverrides: server.pricing.overrides,
    upstreams: ups.upstreams.map((u) => normaliseUpstream(u, timeouts)),
    tenants: ten.tenants.map((t) => normaliseTenant(t, server.budgets.defaultPolicy)),
  };
}
