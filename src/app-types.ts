// The two halves of the running gateway: long-lived services, and the config generation that a
// reload swaps atomically (a request keeps the generation it started under).
import type { Ledger, Pricer } from './accounting/ledger.js';
import type { FlaggedModels } from './accounting/flagged-models.js';
import type { Admission } from './tenancy/admission.js';
import type { GatewayConfig } from './config/types.js';
import type { Clock } from './domain/clock.js';
import type { AuditLog } from './observability/audit-log.js';
import type { Logs } from './observability/logger.js';
import type { GatewayMetrics } from './observability/metrics.js';
import type { UpstreamPools } from './proxy/upstream-pools.js';
import type { GatewayRouter } from './routing/router.js';
import type { HealthProber } from './routing/health-prober.js';
import type { UpstreamHealthSnapshot } from './routing/health-types.js';
import type { UsageStore } from './storage/types.js';
import type { TenantDirectory } from './tenancy/tenant-directory.js';
import type { AdminAuth } from './tenancy/admin-auth.js';
import type { DashboardSessions } from './tenancy/dashboard-sessions.js';
import type { LiveHub } from './http/dashboard/live-hub.js';
import type { TtfbTracker } from './observability/ttfb-tracker.js';

/** Everything derived from one version of the config files. */
export interface Generation {
  config: GatewayConfig;
  tenants: TenantDirectory;
  router: GatewayRouter;
  /** Active health probes of this generation (disposed when the next one starts). */
  prober: HealthProber;
  /** Each upstream's state for /health (no keys). */
  upstreamStatus(): UpstreamHealthSnapshot[];
}

/** The running config, and a reload that does not wait for the file watcher. */
export interface ConfigControl {
  /** The newest generation (a request keeps the one it started under). */
  current(): Generation;
  /**
   * Reads the config files and puts them into effect before returning, so a change written by the
   * dashboard is live for the next request. Throws ConfigError (the running config kept) when the
   * files are invalid. Reloading what already runs changes nothing.
   */
  reloadNow(): Generation;
}

/** Services that live as long as the process. */
export interface Services {
  clock: Clock;
  logs: Logs;
  pools: UpstreamPools;
  store: UsageStore;
  ledger: Ledger;
  /** Admin login, sessions and login throttling. */
  admin: AdminAuth;
  /** Prices usage with the running price book. */
  price: Pricer;
  /** Models charged at a fallback price since start. */
  flaggedModels: FlaggedModels;
  /** Rate, concurrency and budget limits. */
  admission: Admission;
  version: string;
  /** Requests being answered now. */
  inFlight(): number;
  /** Prometheus metrics (GET /metrics). */
  metrics: GatewayMetrics;
  /** Dashboard sign-in sessions (server-side; the cookie holds only an opaque token). */
  sessions: DashboardSessions;
  /** The admin dashboard's live event streams. */
  live: LiveHub;
  /** Time to first byte per upstream (moving average of settled requests). */
  ttfb: TtfbTracker;
  /** The config generation now (long-lived streams re-check sessions against it). */
  generation(): Generation;
  /** Reloads config from the files now (dashboard writes); the running config. */
  config: ConfigControl;
  /** Who changed which tenant or upstream, when (data/audit.jsonl). */
  audit: AuditLog;
}
