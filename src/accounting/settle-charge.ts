// The settle stage's accounting: a finished request's row is priced and stored durably, then its
// budget hold becomes the real charge. In that order, so a budget never counts a charge the
// ledger lacks; the pipeline (http/pipeline/settle.ts) adds the access log and metrics around it.
import type { LedgerRow } from '../storage/types.js';
import type { Ledger, RequestRecord } from './ledger.js';

/** A budget hold taken at admission (tenancy's AdmissionTicket), seen structurally. */
export interface BudgetHold {
  settle(chargedNano: number, ts: number): Promise<void>;
}

/**
 * Stores the request's row, tells `recorded` (metrics, access log: before the budget store, which
 * may fail), then charges the hold; a free call (no record) only releases the hold.
 */
export async function settleCharge(ledger: Ledger, record: RequestRecord | undefined, hold: BudgetHold | undefined, nowMs: number, recorded: (row: LedgerRow) => void): Promise<void> {
  if (!record) {
    await hold?.settle(0, nowMs);
    return;
  }
  const row = await ledger.record(record);
  recorded(row);
  await hold?.settle(row.chargedCostNano, row.ts);
}
