// The budget store's hold, settle and used as PostgreSQL functions (postgres-budget-store.ts): each
// is one statement, so one round trip, and its per-tenant advisory lock is a transaction lock that
// lives only while the statement runs: no lock is ever held across a network round trip. Inside,
// PL/pgSQL takes a fresh snapshot per statement, so after the lock every read sees what the
// tenant's previous holder committed: two instances can never both see room that only one fits in.
//
// Windows come as parallel arrays (kind, period start, limit); `5h` is the rolling window, counted
// in buckets of p_bucket_ms over p_window_ms. Limits are NUMERIC so any configured limit fits.

/** Migration body: creates or replaces the three functions. */
export const POSTGRES_BUDGET_FUNCTIONS = `
CREATE OR REPLACE FUNCTION ccgate_budget_used(p_tenant TEXT, p_kinds TEXT[], p_starts BIGINT[], p_now BIGINT, p_bucket_ms BIGINT, p_window_ms BIGINT)
RETURNS BIGINT[] LANGUAGE plpgsql AS $fn$
DECLARE
  since BIGINT := floor((p_now - p_window_ms)::numeric / p_bucket_ms)::bigint * p_bucket_ms;
  settled BIGINT[];
  seeded BOOLEAN[];
  held BIGINT;
BEGIN
  -- Also taken by hold (advisory locks are re-entrant): seeding must not run twice at once.
  PERFORM pg_advisory_xact_lock(hashtext('ccgate-budget:' || p_tenant));
  FOR attempt IN 1 .. 2 LOOP
    -- Every window's counter and whether it was seeded, in one statement (the hot path).
    SELECT array_agg(c.v ORDER BY w.i), array_agg(c.seeded ORDER BY w.i) INTO settled, seeded
      FROM unnest(p_kinds, p_starts) WITH ORDINALITY AS w(kind, start, i)
      CROSS JOIN LATERAL (
        SELECT CASE WHEN w.kind = '5h'
                 THEN (SELECT COALESCE(SUM(spent_nano), 0) FROM ccgate_budget_spend WHERE tenant_id = p_tenant AND kind = 'b5m' AND period_start >= since)
                 ELSE (SELECT COALESCE(MAX(spent_nano), 0) FROM ccgate_budget_spend WHERE tenant_id = p_tenant AND kind = w.kind AND period_start = w.start) END AS v,
               CASE WHEN w.kind = '5h'
                 THEN EXISTS (SELECT 1 FROM ccgate_budget_spend WHERE tenant_id = p_tenant AND kind = 'seeded5h')
                 ELSE EXISTS (SELECT 1 FROM ccgate_budget_spend WHERE tenant_id = p_tenant AND kind = w.kind AND period_start = w.start) END AS seeded
      ) c;
    EXIT WHEN settled IS NULL OR NOT (false = ANY (seeded));
    -- A period used for the first time: its counter starts from the ledger; then read again.
    FOR i IN 1 .. array_length(p_kinds, 1) LOOP
      CONTINUE WHEN seeded[i];
      IF p_kinds[i] = '5h' THEN
        INSERT INTO ccgate_budget_spend (tenant_id, kind, period_start, spent_nano)
          SELECT p_tenant, 'b5m', (ts / p_bucket_ms) * p_bucket_ms, SUM(charged_cost_nano) FROM usage WHERE tenant_id = p_tenant AND ts >= since GROUP BY 3;
        INSERT INTO ccgate_budget_spend VALUES (p_tenant, 'seeded5h', p_now, 0);
      ELSE
        DELETE FROM ccgate_budget_spend WHERE tenant_id = p_tenant AND kind = p_kinds[i] AND period_start < p_starts[i];
        INSERT INTO ccgate_budget_spend
          SELECT p_tenant, p_kinds[i], p_starts[i], COALESCE(SUM(charged_cost_nano), 0) FROM usage WHERE tenant_id = p_tenant AND ts >= p_starts[i];
      END IF;
    END LOOP;
  END LOOP;
  SELECT COALESCE(SUM(amount_nano), 0) INTO held FROM ccgate_budget_holds WHERE tenant_id = p_tenant AND expires_at > p_now;
  RETURN ARRAY(SELECT v + held FROM unnest(settled) AS v);
END
$fn$;

CREATE OR REPLACE FUNCTION ccgate_budget_hold(p_tenant TEXT, p_kinds TEXT[], p_starts BIGINT[], p_limits NUMERIC[], p_request TEXT, p_amount BIGINT, p_now BIGINT, p_ttl BIGINT, p_fit BOOLEAN, p_bucket_ms BIGINT, p_window_ms BIGINT,
  OUT used BIGINT[], OUT held BOOLEAN, OUT rolling_reset BIGINT)
LANGUAGE plpgsql AS $fn$
DECLARE
  since BIGINT := floor((p_now - p_window_ms)::numeric / p_bucket_ms)::bigint * p_bucket_ms;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('ccgate-budget:' || p_tenant));
  used := ccgate_budget_used(p_tenant, p_kinds, p_starts, p_now, p_bucket_ms, p_window_ms);
  -- The same rule as checkWindows() in budget-types.ts: 'fit' needs room for the amount, 'below' only room.
  held := true;
  FOR i IN 1 .. coalesce(array_length(p_kinds, 1), 0) LOOP
    IF (p_fit AND used[i] + p_amount > p_limits[i]) OR (NOT p_fit AND used[i] >= p_limits[i]) THEN
      held := false;
    END IF;
  END LOOP;
  IF held THEN
    INSERT INTO ccgate_budget_holds VALUES (p_request, p_tenant, p_amount, p_now + p_ttl)
      ON CONFLICT (request_id) DO UPDATE SET amount_nano = EXCLUDED.amount_nano;
  ELSE
    -- When the oldest spend still in the rolling window leaves it.
    SELECT COALESCE(MIN(period_start), p_now) + p_window_ms + p_bucket_ms INTO rolling_reset
      FROM ccgate_budget_spend WHERE tenant_id = p_tenant AND kind = 'b5m' AND spent_nano > 0 AND period_start >= since;
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION ccgate_budget_settle(p_tenant TEXT, p_request TEXT, p_charged BIGINT, p_ts BIGINT, p_bucket_ms BIGINT, p_window_ms BIGINT)
RETURNS VOID LANGUAGE plpgsql AS $fn$
DECLARE
  bucket BIGINT := floor(p_ts::numeric / p_bucket_ms)::bigint * p_bucket_ms;
BEGIN
  -- No tenant lock: each change below is atomic on its rows, and the whole settle becomes visible
  -- at once, so a hold sees the request either held or charged, never both or neither. (A counter
  -- being seeded right now is not seen by the UPDATE; the seed counts this request's ledger row
  -- unless the request began before the period did, and then it is not the period's.) The
  -- clean-up of expired holds and of buckets past the rolling window happens here, off the
  -- locked path (readers filter both out anyway).
  DELETE FROM ccgate_budget_holds WHERE request_id = p_request OR (tenant_id = p_tenant AND expires_at <= p_ts);
  IF p_charged <= 0 THEN
    RETURN;
  END IF;
  -- Only periods already seeded are counted; a period seeded later reads this row from the ledger.
  UPDATE ccgate_budget_spend SET spent_nano = spent_nano + p_charged
    WHERE tenant_id = p_tenant AND kind IN ('daily', 'weekly', 'monthly') AND period_start <= p_ts;
  IF EXISTS (SELECT 1 FROM ccgate_budget_spend WHERE tenant_id = p_tenant AND kind = 'seeded5h') THEN
    INSERT INTO ccgate_budget_spend VALUES (p_tenant, 'b5m', bucket, p_charged)
      ON CONFLICT (tenant_id, kind, period_start) DO UPDATE SET spent_nano = ccgate_budget_spend.spent_nano + EXCLUDED.spent_nano;
    DELETE FROM ccgate_budget_spend WHERE tenant_id = p_tenant AND kind = 'b5m' AND period_start < bucket - p_window_ms - p_bucket_ms;
  END IF;
END
$fn$;
`;
