// `ccgate usage export`: streams ledger rows of a range as CSV or JSONL to stdout or a file. Rows
// come page by page from store.rows() and go out through a pipeline that honours backpressure, so
// a year of usage never sits in memory.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UsageQuery, UsageStore } from '../storage/types.js';
import type { PathOptions } from './paths.js';
import { csvHeader, csvLine, jsonLine, type ExportFormat } from './usage-export-lines.js';
import { parseUsageRange } from './usage-range.js';
import { EXIT_USAGE, UsageCommandError, runUsageCommand, withUsageContext } from './usage-store.js';

export interface ExportFlags extends PathOptions {
  from?: string;
  to?: string;
  format?: string;
  tenant?: string;
  out?: string;
}

function exportFormat(text: string | undefined): ExportFormat {
  const f = (text ?? 'csv').toLowerCase();
  if (f === 'csv' || f === 'jsonl') return f;
  throw new UsageCommandError(`--format must be csv or jsonl, got "${text}"`, EXIT_USAGE);
}

/** Lines are joined into chunks of about this many characters: fewer, larger writes than one per row. */
const CHUNK_CHARS = 64 * 1024;

async function* exportChunks(store: UsageStore, q: UsageQuery, format: ExportFormat, counter: { rows: number }): AsyncGenerator<string> {
  let chunk = format === 'csv' ? csvHeader() : '';
  for await (const row of store.rows(q)) {
    counter.rows++;
    chunk += format === 'csv' ? csvLine(row) : jsonLine(row);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** Writes to `--out` through a temporary file renamed at the end, so a failed export leaves no half file under the name. */
async function writeToFile(lines: AsyncIterable<string>, file: string): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await pipeline(Readable.from(lines), createWriteStream(partial));
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}

/** Exports; returns the exit code (2 for a wrong command line). Progress goes to stderr, data to stdout or the file. */
export function runUsageExport(flags: ExportFlags, err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  return runUsageCommand(async () => {
    const query = parseUsageRange(flags);
    const format = exportFormat(flags.format);
    return withUsageContext(flags, true, async ({ store }) => {
      const counter = { rows: 0 };
      const lines = exportChunks(store, query, format, counter);
      if (flags.out) await writeToFile(lines, flags.out);
      // stdout is not ended: it belongs to the process.
      else await pipeline(Readable.from(lines), process.stdout, { end: false });
      err(`Exported ${counter.rows} row(s) as ${format}${flags.out ? ` to ${flags.out}` : ''}.\n`);
      return 0;
    });
  }, err);
}
