// What `ccgate usage import-ccgate` did, gathered while it runs and printed at the end. Skipped
// lines are named by file:line and reason only: their content may hold user agents or addresses.
import type { LedgerRow } from '../storage/types.js';
import { nanoToUsdText } from './usage-export-lines.js';

/** How many skipped lines are listed one by one; the rest are only counted per file. */
export const MAX_PROBLEMS_LISTED = 10;
/** How many unconfigured tenant or upstream ids are named. */
const MAX_IDS_LISTED = 10;
/** Budget windows reach back at most this far (a month in the tenant's zone). */
const BUDGET_LOOKBACK_MS = 32 * 86_400_000;

/** Ids in the current config: rows of others were priced with multiplier 1. */
export interface ConfiguredIds {
  tenants: ReadonlySet<string>;
  upstreams: ReadonlySet<string>;
}

export interface ImportReport {
  filesRead: number;
  rowsImported: number;
  linesSkipped: number;
  skippedByFile: Map<string, number>;
  /** The first skipped lines as `file:line: reason`. */
  problems: string[];
  listCostNano: number;
  chargedCostNano: number;
  upstreamCostNano: number;
  /** The original's own totals (stale prices), summed over imported lines that had one. */
  originalTotalCostUsd: number;
  flaggedRows: number;
  /** Epoch ms of the newest imported row, or -Infinity before the first. */
  newestTs: number;
  /** Ledger size after minus before; less than rowsImported when rows were already there. */
  ledgerGrowth: number;
  configured: ConfiguredIds;
  unconfiguredTenants: Set<string>;
  unconfiguredUpstreams: Set<string>;
}

/** An empty report. */
export function newImportReport(configured: ConfiguredIds): ImportReport {
  return {
    filesRead: 0,
    rowsImported: 0,
    linesSkipped: 0,
    skippedByFile: new Map(),
    problems: [],
    listCostNano: 0,
    chargedCostNano: 0,
    upstreamCostNano: 0,
    originalTotalCostUsd: 0,
    flaggedRows: 0,
    newestTs: Number.NEGATIVE_INFINITY,
    ledgerGrowth: 0,
    configured,
    unconfiguredTenants: new Set(),
    unconfiguredUpstreams: new Set(),
  };
}

/** Counts a stored row. */
export function recordImported(report: ImportReport, row: LedgerRow, originalTotalCostUsd: number | undefined): void {
  report.rowsImported++;
  report.listCostNano += row.listCostNano;
  report.chargedCostNano += row.chargedCostNano;
  report.upstreamCostNano += row.upstreamCostNano;
  report.originalTotalCostUsd += originalTotalCostUsd ?? 0;
  if (row.priceFlagged) report.flaggedRows++;
  report.newestTs = Math.max(report.newestTs, row.ts);
  if (row.tenantId !== null && !report.configured.tenants.has(row.tenantId)) report.unconfiguredTenants.add(row.tenantId);
  if (row.upstreamId !== null && !report.configured.upstreams.has(row.upstreamId)) report.unconfiguredUpstreams.add(row.upstreamId);
}

function idList(ids: ReadonlySet<string>): string {
  const shown = [...ids].sort().slice(0, MAX_IDS_LISTED).join(', ');
  return ids.size > MAX_IDS_LISTED ? `${shown} and ${ids.size - MAX_IDS_LISTED} more` : shown;
}

/** Counts a skipped line. */
export function recordSkipped(report: ImportReport, file: string, line: number, reason: string): void {
  report.linesSkipped++;
  report.skippedByFile.set(file, (report.skippedByFile.get(file) ?? 0) + 1);
  if (report.problems.length < MAX_PROBLEMS_LISTED) report.problems.push(`${file}:${line}: ${reason}`);
}

/** The summary, one line per entry; `nowMs` decides whether rows fall in running budget windows. */
export function formatImportReport(r: ImportReport, root: string, ledgerName: string, nowMs: number): string[] {
  const lines = [
    `Read ${r.filesRead} file(s) under ${root}: imported ${r.rowsImported} row(s) into ${ledgerName}, skipped ${r.linesSkipped} line(s).`,
    `The ledger grew by ${r.ledgerGrowth} row(s); a row already imported (same request id) is replaced, not added.`,
    `Costs were re-priced with the current price book and multipliers: list $${nanoToUsdText(r.listCostNano)}, charged $${nanoToUsdText(r.chargedCostNano)}, upstream estimate $${nanoToUsdText(r.upstreamCostNano)} (the files said $${r.originalTotalCostUsd.toFixed(6)} at the original's out-of-date prices).`,
    'The original recorded neither cache-write lifetimes nor streaming: cache writes count as 5-minute writes and requests as non-streaming.',
  ];
  if (r.unconfiguredTenants.size > 0) lines.push(`Tenants not in the current config, charged at list price (multiplier 1): ${idList(r.unconfiguredTenants)}.`);
  if (r.unconfiguredUpstreams.size > 0) lines.push(`Upstreams not in the current config, estimated at list price (multiplier 1): ${idList(r.unconfiguredUpstreams)}.`);
  // A running gateway reads budget spend from the ledger once per window, not per request.
  if (r.newestTs >= nowMs - BUDGET_LOOKBACK_MS) lines.push('Some rows fall in current budget windows: restart a running gateway so its budgets count them.');
  if (r.flaggedRows > 0) lines.push(`${r.flaggedRows} row(s) are priced at a fallback price (model not in the price book; see \`ccgate prices\`).`);
  if (r.linesSkipped === 0) return lines;
  lines.push('Skipped lines per file:', ...[...r.skippedByFile].map(([file, n]) => `  ${file}: ${n}`));
  lines.push(`First skipped lines${r.linesSkipped > r.problems.length ? ` (${r.problems.length} of ${r.linesSkipped})` : ''}:`, ...r.problems.map((p) => `  ${p}`));
  return lines;
}
