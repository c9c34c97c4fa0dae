// Ledger rows as export lines. JSONL is the row exactly (costs in integer nano-USD); CSV has the
// same columns in the same order plus, for spreadsheets, the three costs in USD and the time in ISO.
import { LEDGER_COLUMNS } from '../storage/columns.js';
import type { LedgerRow } from '../storage/types.js';
import { csvRecord, type CsvValue } from './usage-csv.js';

export type ExportFormat = 'csv' | 'jsonl';

const FIELDS = LEDGER_COLUMNS.map(([field]) => field);
const USD_COLUMNS = [
  ['listCostUsd', 'listCostNano'],
  ['chargedCostUsd', 'chargedCostNano'],
  ['upstreamCostUsd', 'upstreamCostNano'],
] as const;

/** Every CSV column name, in order. */
export const CSV_COLUMNS: readonly string[] = [...FIELDS, ...USD_COLUMNS.map(([name]) => name), 'tsIso'];

/** Exact decimal USD of integer nano-USD (9 decimals), not a float that would round. */
export function nanoToUsdText(nano: number): string {
  const sign = nano < 0 ? '-' : '';
  const abs = Math.abs(nano);
  return `${sign}${Math.floor(abs / 1e9)}.${String(abs % 1e9).padStart(9, '0')}`;
}

/** The CSV header line. */
export function csvHeader(): string {
  return csvRecord(CSV_COLUMNS);
}

/** One row as a CSV line: LedgerRow fields, then the USD costs and the ISO time. */
export function csvLine(row: LedgerRow): string {
  const values: CsvValue[] = FIELDS.map((f) => row[f]);
  for (const [, nanoField] of USD_COLUMNS) values.push(nanoToUsdText(row[nanoField]));
  values.push(new Date(row.ts).toISOString());
  return csvRecord(values);
}

/** One row as a JSON line with the fields in ledger column order. */
export function jsonLine(row: LedgerRow): string {
  return `${JSON.stringify(row, FIELDS)}\n`;
}
