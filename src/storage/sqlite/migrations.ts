// Versioned schema of the SQLite ledger; applied in order at start, tracked in PRAGMA user_version.
import { SQLITE_ROLLUP_MIGRATION } from './rollup-schema.js';

/** Each entry moves the schema one version up. Never edit a shipped entry; append a new one. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE usage (
     request_id TEXT PRIMARY KEY,
     ts INTEGER NOT NULL,
     tenant_id TEXT,
     endpoint TEXT NOT NULL,
     model_requested TEXT,
     model_served TEXT,
     upstream_id TEXT,
     attempts INTEGER NOT NULL,
     status INTEGER NOT NULL,
     error_type TEXT,
     stream INTEGER NOT NULL,
     input_tokens INTEGER NOT NULL,
     output_tokens INTEGER NOT NULL,
     cache_write_5m_tokens INTEGER NOT NULL,
     cache_write_1h_tokens INTEGER NOT NULL,
     cache_read_tokens INTEGER NOT NULL,
     list_cost_nano INTEGER NOT NULL,
     charged_cost_nano INTEGER NOT NULL,
     upstream_cost_nano INTEGER NOT NULL,
     price_flagged INTEGER NOT NULL,
     duration_ms INTEGER NOT NULL,
     ttfb_ms INTEGER,
     user_agent TEXT
   );
   CREATE INDEX usage_ts ON usage (ts);
   CREATE INDEX usage_tenant_ts ON usage (tenant_id, ts);`,
  // Rows whose output tokens are estimated from what a cut or aborted stream forwarded (issue 11).
  `ALTER TABLE usage ADD COLUMN usage_estimated INTEGER NOT NULL DEFAULT 0;`,
  // The hourly rollup the dashboard reads (rollup-schema.ts), backfilled from the rows already here.
  SQLITE_ROLLUP_MIGRATION,
];
