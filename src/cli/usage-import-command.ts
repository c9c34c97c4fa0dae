// `ccgate usage import-ccgate DIR`: reads the original CCGate's usage files line by line, skips and
// reports bad lines (one corrupt line must not lose the rest of the day, the original's fault), and
// writes re-priced rows to the ledger in batches. Re-running it is safe: ids are stable, rows upsert.
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { legacyRequestId } from '../accounting/legacy-import/legacy-request-id.js';
import { createLegacyRowMapper, type LegacyRowMapper } from '../accounting/legacy-import/legacy-ledger-row.js';
import { parseLegacyLine, type LegacyUsageRecord } from '../accounting/legacy-import/parse-legacy-line.js';
import { createPricer } from '../accounting/pricer.js';
import type { LedgerRow, UsageStore } from '../storage/types.js';
import type { PathOptions } from './paths.js';
import { findLegacyUsageFiles, type LegacyUsageFile } from './usage-legacy-files.js';
import { formatImportReport, newImportReport, recordImported, recordSkipped, type ImportReport } from './usage-import-report.js';
import { EXIT_USAGE, UsageCommandError, runUsageCommand, withUsageContext } from './usage-store.js';

/** Rows handed to the store at once: SQLite commits one batch in one transaction. */
const INSERT_BATCH = 500;
const WHOLE_LEDGER = { from: 0, to: Number.MAX_SAFE_INTEGER };

interface FileImport {
  file: LegacyUsageFile;
  toRow: LegacyRowMapper;
  store: UsageStore;
  report: ImportReport;
}

/** The line's own requestId, else an id derived from its content (stable across imports). */
function requestIdOf(record: LegacyUsageRecord, job: FileImport, text: string, seen: Map<string, number>): string {
  if (record.requestId !== undefined) return record.requestId;
  const origin = { tenantId: record.tenantId, fileName: job.file.fileName, text };
  const first = legacyRequestId({ ...origin, occurrence: 0 });
  const occurrence = seen.get(first) ?? 0;
  seen.set(first, occurrence + 1);
  return occurrence === 0 ? first : legacyRequestId({ ...origin, occurrence });
}

async function flush(job: FileImport, batch: Array<[LedgerRow, LegacyUsageRecord]>): Promise<void> {
  await Promise.all(batch.map(([row]) => job.store.insert(row)));
  for (const [row, record] of batch) recordImported(job.report, row, record.originalTotalCostUsd);
  batch.length = 0;
}

async function importFile(job: FileImport): Promise<void> {
  job.report.filesRead++;
  const seen = new Map<string, number>();
  const batch: Array<[LedgerRow, LegacyUsageRecord]> = [];
  const lines = createInterface({ input: createReadStream(job.file.path), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    // A byte-order mark would make the first line invalid JSON.
    const text = (lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (text === '') continue;
    const parsed = parseLegacyLine(text, job.file.folderTenantId);
    if (!parsed.ok) {
      recordSkipped(job.report, job.file.rel, lineNo, parsed.reason);
      continue;
    }
    batch.push([job.toRow(parsed.record, requestIdOf(parsed.record, job, text, seen)), parsed.record]);
    if (batch.length >= INSERT_BATCH) await flush(job, batch);
  }
  await flush(job, batch);
}

function stopped(file: LegacyUsageFile, err: unknown): never {
  const why = err instanceof Error ? err.message : String(err);
  throw new UsageCommandError(`Import stopped in ${file.rel}: ${why}. Rows written so far stay; running the import again is safe.`, 1);
}

function usageFiles(dir: string): { root: string; files: LegacyUsageFile[] } {
  const root = resolve(dir);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageCommandError(`${dir} is not a folder`, EXIT_USAGE);
  const files = findLegacyUsageFiles(root);
  if (files.length === 0) throw new UsageCommandError(`No usage files ({tenant}/{YYYY-MM}/{YYYY-MM-DD}.json) under ${root}`, 1);
  return { root, files };
}

/** Imports; returns 0 when rows were imported, 1 when none were, 2 for a wrong command line. */
export function runUsageImport(dir: string, flags: PathOptions, out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  return runUsageCommand(async () => {
    const { root, files } = usageFiles(dir);
    return withUsageContext(flags, false, async ({ config, store, ledgerName }) => {
      const toRow = createLegacyRowMapper({ price: createPricer(config.pricingOverrides).current, tenants: config.tenants, upstreams: config.upstreams });
      const report = newImportReport({ tenants: new Set(config.tenants.map((t) => t.id)), upstreams: new Set(config.upstreams.map((u) => u.id)) });
      const before = (await store.totals(WHOLE_LEDGER)).requests;
      for (const file of files) await importFile({ file, toRow, store, report }).catch((err: unknown) => stopped(file, err));
      report.ledgerGrowth = (await store.totals(WHOLE_LEDGER)).requests - before;
      out(`${formatImportReport(report, root, ledgerName, Date.now()).join('\n')}\n`);
      return report.rowsImported > 0 ? 0 : 1;
    });
  });
}
