// The audit log of config changes: one JSON line per change in <dataDir>/audit.jsonl (mode 0600),
// who, when, what (field → [before, after]); never a key or key hash (config-diff.ts puts markers
// in their place). Appends are synchronous, as the changes they record are, so the order on disk
// is the order of the changes. The file rotates at a size cap, keeping one older file, and the
// newest entries are read from the end without loading the whole file.
import { appendFileSync, closeSync, fstatSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../domain/clock.js';

/** One recorded change. */
export interface AuditRecord {
  ts: number;
  time: string;
  /** "admin:<username>", or "file" for a hand edit noticed on reload. */
  actor: string;
  action: string;
  target: string;
  changes: Record<string, [unknown, unknown]>;
}

export const AUDIT_FILE = 'audit.jsonl';
export const AUDIT_MAX_BYTES = 10 * 1024 * 1024;
/** The most entries one read returns. */
export const AUDIT_MAX_READ = 1_000;
const CHUNK_BYTES = 64 * 1024;

/** Appends and reads audit entries. */
export class AuditLog {
  readonly file: string;
  private readonly oldFile: string;

  constructor(
    dataDir: string,
    private readonly clock: Clock,
    private readonly maxBytes = AUDIT_MAX_BYTES,
  ) {
    this.file = join(dataDir, AUDIT_FILE);
    this.oldFile = join(dataDir, 'audit.1.jsonl');
  }

  /** Records one change now; returns the entry as written. */
  append(entry: Omit<AuditRecord, 'ts' | 'time'>): AuditRecord {
    const ts = this.clock.now();
    const record: AuditRecord = { ts, time: new Date(ts).toISOString(), actor: entry.actor, action: entry.action, target: entry.target, changes: entry.changes };
    let line = `${JSON.stringify(record)}\n`;
    const size = this.size();
    if (size > 0 && size + Buffer.byteLength(line) > this.maxBytes) renameSync(this.file, this.oldFile);
    else if (size > 0 && !this.endsWithNewline(size)) line = `\n${line}`; // after a line cut by a crash
    appendFileSync(this.file, line, { mode: 0o600 });
    return record;
  }

  /** The newest `limit` entries, newest first (at most AUDIT_MAX_READ). */
  newest(limit: number): AuditRecord[] {
    const want = Math.max(0, Math.min(Math.floor(limit), AUDIT_MAX_READ));
    const out: AuditRecord[] = [];
    for (const file of [this.file, this.oldFile]) {
      if (out.length >= want) break;
      out.push(...tail(file, want - out.length));
    }
    return out;
  }

  private endsWithNewline(size: number): boolean {
    const fd = openSync(this.file, 'r');
    try {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      return last[0] === 0x0a;
    } finally {
      closeSync(fd);
    }
  }

  private size(): number {
    try {
      return statSync(this.file).size;
    } catch {
      return 0;
    }
  }
}

function parseLine(line: string): AuditRecord | undefined {
  try {
    const v = JSON.parse(line) as AuditRecord;
    return typeof v.ts === 'number' && typeof v.action === 'string' ? v : undefined;
  } catch {
    return undefined; // a line cut by a crash mid-append
  }
}

/** The last `want` entries of a file, newest first, read backwards in chunks. */
function tail(file: string, want: number): AuditRecord[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const out: AuditRecord[] = [];
    let pos = fstatSync(fd).size;
    // Bytes at the front of what was read that may be the end of a line starting further back.
    let partial = Buffer.alloc(0);
    while (out.length < want && (pos > 0 || partial.length > 0)) {
      const n = Math.min(CHUNK_BYTES, pos);
      pos -= n;
      const chunk = Buffer.alloc(n);
      readSync(fd, chunk, 0, n, pos);
      const buf = Buffer.concat([chunk, partial]);
      const firstNewline = pos > 0 ? buf.indexOf(0x0a) : -1;
      if (pos > 0 && firstNewline < 0) {
        partial = buf;
        continue;
      }
      partial = buf.subarray(0, firstNewline + 1);
      const lines = buf.subarray(firstNewline + 1).toString('utf8').split('\n');
      for (let i = lines.length - 1; i >= 0 && out.length < want; i--) {
        const rec = lines[i] ? parseLine(lines[i]!) : undefined;
        if (rec) out.push(rec);
      }
      if (pos === 0) break;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
