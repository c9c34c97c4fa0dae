// Composition root: the one place concrete implementations are wired together. Starts the
// gateway from a config folder and a data folder, reloads config on change, shuts down gracefully.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Ledger, type Pricer } from './accounting/ledger.js';
import { Admission } from './tenancy/admission.js';
import { createPricer } from './accounting/pricer.js';
import { FlaggedModels } from './accounting/flagged-models.js';
import type { Generation, Services } from './app-types.js';
import { diffConfigs } from './config/config-diff.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { starterMessage, writeStarterConfig } from './config/starter.js';
import type { GatewayConfig } from './config/types.js';
import { watchConfig } from './config/watch-config.js';
import { systemClock, type Clock } from './domain/clock.js';
import { buildRoutes } from './http/routes/index.js';
import { createGatewayServer } from './http/server.js';
import { AuditLog } from './observability/audit-log.js';
import { openLogs, type Logs } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { UpstreamPools } from './proxy/upstream-pools.js';
import type { UpstreamEvent } from './routing/health-types.js';
import { createHealthProber, type ProbeFn } from './routing/health-prober.js';
import { createRouter } from './routing/router.js';
import { httpProbe } from './proxy/health-probe.js';
import { openBudgetStore, openStore } from './storage/open-store.js';
import { ensurePrivateDir } from './storage/private-files.js';
import { applyRetention } from './storage/retention.js';
import { TenantDirectory } from './tenancy/tenant-directory.js';
import { AdminAuth } from './tenancy/admin-auth.js';
import { hashAdminPassword } from './config/hash-admin-password.js';
import { VERSION } from './version.js';
import { DashboardSessions } from './tenancy/dashboard-sessions.js';
import { LiveHub } from './http/dashboard/live-hub.js';
import { upstreamRows } from './http/dashboard/upstream-rows.js';
import { TtfbTracker } from './observability/ttfb-tracker.js';

/** How often old ledger rows are pruned. */
export const RETENTION_INTERVAL_MS = 24 * 3_600_000;

export interface StartOptions {
  configDir: string;
  dataDir: string;
  /** Overrides server.port (0 = any free port). */
  port?: number;
  host?: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Where the one-time starter message goes. */
  print?: (text: string) => void;
}

export interface RunningGateway {
  port: number;
  host: string;
  logs: Logs;
  /** Things the operator must know at start (printed by the CLI even when console logging is off). */
  notices: string[];
  /** Stops accepting, lets in-flight requests finish up to `graceMs`, then closes everything. */
  close(graceMs?: number): Promise<void>;
}

function withOverrides(config: GatewayConfig, opts: StartOptions): GatewayConfig {
  const server = { ...config.server };
  if (opts.port !== undefined) server.port = opts.port;
  if (opts.host !== undefined) server.host = opts.host;
  return { ...config, server };
}

function buildGeneration(config: GatewayConfig, clock: Clock, previous: Generation | undefined, logs: Logs, probe: ProbeFn): Generation {
  // Health state and session bindings carry over a reload, so a reload forgets no cooldown.
  const carried = previous ? { tracker: previous.router.tracker, sessions: previous.router.sessions } : {};
  previous?.prober.dispose();
  const router = createRouter(config, { clock, ...carried, onUpstreamEvent: (e) => logUpstreamEvent(logs, e) });
  const prober = createHealthProber({ upstreams: config.upstreams, healthCheckEnabled: config.routing.healthCheckEnabled, tracker: router.tracker, clock, probe });
  return { config, tenants: new TenantDirectory(config.tenants, () => clock.now()), router, prober, upstreamStatus: () => router.tracker.snapshot() };
}

/** Invalid pricing overrides, reported like every other config problem. */
function pricingProblem(config: GatewayConfig, err: unknown): ConfigError {
  return new ConfigError([{ file: join(config.configDir, 'server.json'), path: 'pricing.overrides', message: (err as Error).message }]);
}

/** The price book for a config; invalid overrides are reported like every other config problem. */
function createPricerOrExplain(config: GatewayConfig): ReturnType<typeof createPricer> {
  try {
    return createPricer(config.pricingOverrides);
  } catch (err) {
    throw pricingProblem(config, err);
  }
}

/** Same normalised config (plain data built the same way, so its JSON text compares it). */
function sameConfig(a: GatewayConfig, b: GatewayConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Starts the gateway. */
export async function startGateway(opts: StartOptions): Promise<RunningGateway> {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? systemClock;
  const starter = await writeStarterConfig(opts.configDir, env, opts.port ?? 3000);
  let config = withOverrides(loadConfig(opts.configDir, opts.dataDir), opts);
  if (starter) (opts.print ?? ((t) => process.stdout.write(t)))(starterMessage(starter, config.server.port || 3000));
  ensurePrivateDir(config.dataDir); // the ledger and logs inside are owner-only too (issue 11)
  const logs = openLogs(config.logging);
  const adminAuth = new AdminAuth({ clock });
  await hashAdminPassword(config, logs.app, adminAuth); // a plain admin.password is hashed at rest on first start
  const store = await openStore(config.storage.databaseUrl, join(config.dataDir, 'ccgate.db'), (err) => logs.app.error({ err }, 'ledger batch insert failed; the rows stay in the journal and are tried again'), config.storage.sqliteCacheBytes);
  await store.migrate();
  const pools = new UpstreamPools();
  const probe = httpProbe(pools);
  let gen = buildGeneration(config, clock, undefined, logs, probe);
  const pricer = createPricerOrExplain(config);
  let inFlight = () => 0;
  const price: Pricer = (...args) => pricer.current(...args);
  const budgets = await openBudgetStore(config.storage.databaseUrl, store);
  const flaggedModels = new FlaggedModels();
  const sessions = new DashboardSessions({ clock, randomBytes });
  const ttfb = new TtfbTracker();
  const live = new LiveHub({
    now: () => clock.now(),
    upstreams: () => upstreamRows(gen.config.upstreams, gen.upstreamStatus(), (id) => ttfb.get(id)),
    tenantName: (id) => gen.tenants.byTenantId(id)?.name ?? null,
  });
  sessions.onEnd((id) => live.endSession(id));
  const audit = new AuditLog(config.dataDir, clock);

  /**
   * Puts a newly read config into effect; `source` says who changed the files. A config equal to
   * the running one changes nothing: the watcher re-reading a file the dashboard already applied
   * is a no-op. Hand edits are recorded in the audit log as actor "file".
   */
  const applyConfig = (next: GatewayConfig, source: 'watcher' | 'now'): Generation => {
    const updated = withOverrides(next, { ...opts, port: config.server.port, host: config.server.host });
    if (sameConfig(updated, config)) return gen;
    try {
      pricer.update(updated.pricingOverrides);
    } catch (err) {
      throw pricingProblem(updated, err);
    }
    if (source === 'watcher') recordHandEdits(audit, logs, diffConfigs(config, updated, clock.now()));
    config = updated;
    gen = buildGeneration(config, clock, gen, logs, probe);
    pools.retain(config.upstreams);
    live.publishConfig();
    logs.app.info({ upstreams: config.upstreams.length, tenants: config.tenants.length, source }, 'config reloaded');
    return gen;
  };
  const services: Services = {
    clock,
    logs,
    pools,
    store,
    admin: adminAuth,
    version: VERSION,
    inFlight: () => inFlight(),
    metrics: new GatewayMetrics({ upstreams: () => gen.upstreamStatus(), inFlight: () => inFlight() }),
    price,
    admission: new Admission(budgets, clock, {
      onSettleError: (err, tenantId, requestId) => logs.app.error({ err, tenant: tenantId, requestId }, 'budget store failed to settle a request; its ledger row stands, the settle is retried'),
    }),
    flaggedModels,
    ledger: new Ledger({
      store,
      price,
      clock,
      onSettled: (row) => {
        const model = row.modelServed ?? row.modelRequested;
        if (row.priceFlagged && model && flaggedModels.add(model)) {
          logs.app.warn({ model }, `model ${model} has no exact price: charged at its family's fallback price; add it under pricing.overrides in server.json`);
        }
        ttfb.record(row);
        live.publishRow(row);
      },
      onStoreError: (err, row) => logs.app.error({ err, requestId: row.requestId }, 'ledger write failed'),
    }),
    sessions,
    live,
    ttfb,
    generation: () => gen,
    config: {
      current: () => gen,
      reloadNow: () => applyConfig(loadConfig(opts.configDir, opts.dataDir), 'now'),
    },
    audit,
  };
  const gw = createGatewayServer(buildRoutes(), services, () => gen);
  inFlight = gw.inFlight;
  gw.server.listen(config.server.port, config.server.host);
  await once(gw.server, 'listening');
  const address = gw.server.address() as AddressInfo;
  logs.app.info({ port: address.port, host: config.server.host, upstreams: config.upstreams.length, tenants: config.tenants.length, version: VERSION }, 'CCGate listening');
  const notices: string[] = [];
  if (config.upstreams.length === 0) notices.push(`No upstream is configured: requests get 503 until you add one to ${join(config.configDir, 'upstreams.json')} (reloaded automatically)`);
  for (const n of notices) logs.app.warn(n);

  // Retention: old ledger rows are deleted at start and once a day (storage.retentionDays, 0 = keep).
  const prune = () =>
    applyRetention(store, config.storage.retentionDays, clock).then(
      (n) => n > 0 && logs.app.info({ rows: n, retentionDays: config.storage.retentionDays }, 'deleted ledger rows past the retention period'),
      (err: unknown) => logs.app.error({ err }, 'retention failed'),
    );
  await prune();
  const retentionTimer = setInterval(() => void prune(), RETENTION_INTERVAL_MS);
  retentionTimer.unref();

  const watcher = watchConfig(
    opts.configDir,
    opts.dataDir,
    (next) => {
      try {
        applyConfig(next, 'watcher');
      } catch (err) {
        logs.app.warn({ problem: (err as Error).message }, 'config reload rejected: pricing overrides invalid; keeping the running config');
      }
    },
    (err) => logs.app.warn({ problem: (err as Error).message }, 'config reload failed; keeping the running config'),
  );

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    host: config.server.host,
    logs,
    notices,
    close(graceMs = config.server.shutdownGraceMs) {
      closing ??= (async () => {
        watcher.close();
        clearInterval(retentionTimer);
        live.close(); // open event streams would otherwise hold the shutdown for its whole grace
        gen.prober.dispose();
        const closed = new Promise<void>((resolve) => gw.server.close(() => resolve()));
        gw.server.closeIdleConnections();
        const deadline = clock.now() + graceMs;
        while (gw.inFlight() > 0 && clock.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        gw.server.closeAllConnections();
        await closed;
        await pools.closeAll();
        await budgets.close();
        await store.close();
        logs.app.info('CCGate stopped');
        await logs.close();
      })();
      return closing;
    },
  };
}

/** Audit entries for changes made to the files by hand (noticed by the watcher). */
function recordHandEdits(audit: AuditLog, logs: Logs, changes: ReturnType<typeof diffConfigs>): void {
  try {
    for (const c of changes) audit.append({ actor: 'file', ...c });
  } catch (err) {
    logs.app.error({ err }, 'could not write the audit log');
  }
}

function logUpstreamEvent(logs: Logs, e: UpstreamEvent): void {
  switch (e.type) {
    case 'auth_rejected':
      logs.app.error({ upstream: e.upstreamId, status: e.status, cooldownMs: e.cooldownMs }, `upstream ${e.upstreamName} rejected its key: check it in upstreams.json`);
      break;
    case 'cooling':
      logs.app.warn(
        { upstream: e.upstreamId, reason: e.reason, status: e.status, cooldownMs: e.cooldownMs },
        e.reason === 'account_refused' ? `upstream ${e.upstreamName} refused for its account (balance or quota used up): cooling down` : `upstream ${e.upstreamName} cooling down`,
      );
      break;
    case 'recovered':
      logs.app.info({ upstream: e.upstreamId, via: e.via }, `upstream ${e.upstreamName} recovered`);
      break;
    default: {
      const never: never = e;
      return never;
    }
  }
}
