// Versioned schema of the PostgreSQL ledger; applied in order at start, tracked in ccgate_schema_version.
import { POSTGRES_BUDGET_FUNCTIONS } from './budget-functions.js';
import { POSTGRES_ROLLUP_MIGRATION } from './rollup-schema.js';

/**
 * Each entry moves the schema one version up (entry i creates version i + 1). Never edit a
 * shipped entry; append a new one. BIGINT wherever a value or its sum can pass 2^31: epoch-ms
 * timestamps, nano-USD costs and token counts.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE usage (
     request_id TEXT PRIMARY KEY,
     ts BIGINT NOT NULL,
     tenant_id TEXT,
     endpoint TEXT NOT NULL,
     model_requested TEXT,
     model_served TEXT,
     upstream_id TEXT,
     attempts INTEGER NOT NULL,
     status INTEGER NOT NULL,
     error_type TEXT,
     stream BOOLEAN NOT NULL,
     input_tokens BIGINT NOT NULL,
     output_tokens BIGINT NOT NULL,
     cache_write_5m_tokens BIGINT NOT NULL,
     cache_write_1h_tokens BIGINT NOT NULL,
     cache_read_tokens BIGINT NOT NULL,
     list_cost_nano BIGINT NOT NULL,
     charged_cost_nano BIGINT NOT NULL,
     upstream_cost_nano BIGINT NOT NULL,
     price_flagged BOOLEAN NOT NULL,
     duration_ms INTEGER NOT NULL,
     ttfb_ms INTEGER,
     user_agent TEXT
   );
   -- (ts, request_id) is the key of the keyset pagination in rows().
   CREATE INDEX usage_ts_request ON usage (ts, request_id);
   CREATE INDEX usage_tenant_ts ON usage (tenant_id, ts);`,
  // Budget spend shared by the instances (postgres-budget-store.ts): settled spend per period or
  // 5-minute bucket, and the holds of requests in flight.
  `CREATE TABLE IF NOT EXISTS ccgate_budget_spend (
     tenant_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     period_start BIGINT NOT NULL,
     spent_nano BIGINT NOT NULL,
     PRIMARY KEY (tenant_id, kind, period_start)
   );
   CREATE TABLE IF NOT EXISTS ccgate_budget_holds (
     request_id TEXT PRIMARY KEY,
     tenant_id TEXT NOT NULL,
     amount_nano BIGINT NOT NULL,
     expires_at BIGINT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS ccgate_budget_holds_tenant ON ccgate_budget_holds (tenant_id);`,
  // Rows whose output tokens are estimated from what a cut or aborted stream forwarded (issue 11).
  `ALTER TABLE usage ADD COLUMN IF NOT EXISTS usage_estimated BOOLEAN NOT NULL DEFAULT FALSE;`,
  // The hourly rollup the dashboard reads (rollup-schema.ts), backfilled from the rows already here.
  POSTGRES_ROLLUP_MIGRATION,
  // A tenant's newest rows (recent(), ORDER BY ts DESC, request_id DESC) read straight off an index.
  `CREATE INDEX usage_tenant_ts_request ON usage (tenant_id, ts, request_id);
   DROP INDEX usage_tenant_ts;`,
  // Budget hold, settle and used as one statement each (budget-functions.ts, issue 13).
  POSTGRES_BUDGET_FUNCTIONS,
];
