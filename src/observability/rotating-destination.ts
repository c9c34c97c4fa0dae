// A log file written through pino's sonic-boom destination (buffered, asynchronous: a log line
// costs the request path a string append; a timer flushes it every tick) and rotated by size:
// the timer checks the file's size off the request path and, past the limit, shifts `name` → `name.1` → … → `name.N` (the oldest
// is dropped) and reopens. A file may pass the limit by what is written between two checks.
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';

/** How often buffered lines are flushed and the file size is checked. */
export const ROTATION_CHECK_MS = 250;
/** Bytes buffered before a write to disk (the timer flushes smaller amounts every tick). */
const MIN_WRITE_BYTES = 8 * 1024; // sonic-boom requires less than its maxWrite (16 KiB)

export type Destination = ReturnType<typeof pino.destination>;

export interface RotatingDestination {
  stream: Destination;
  /** Checks the size now and rotates if needed (the timer calls this too); true when it rotated. */
  check(): boolean;
  close(): Promise<void>;
}

function shift(file: string, maxFiles: number): void {
  rmSync(`${file}.${maxFiles}`, { force: true });
  for (let i = maxFiles - 1; i >= 1; i--) if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
  renameSync(file, `${file}.1`);
}

/**
 * Opens `directory/name` for appending, rotated at `maxFileBytes`, keeping `maxFiles` old files.
 * `buffer`: the destination takes Buffers (the access log's lines), which sonic-boom queues as they
 * are; strings it appends to one string whose UTF-8 length it measures on every write, which
 * flattens the growing string each time (~4 KB of garbage per access line).
 */
export function rotatingDestination(directory: string, name: string, maxFileBytes: number, maxFiles: number, contentMode: 'utf8' | 'buffer' = 'utf8'): RotatingDestination {
  // Logs name tenants and upstreams: owner-only, whatever the umask (a mode given at creation can
  // only lose bits to it), and tightened when an older version left them readable.
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  chmodSync(directory, 0o700);
  const file = join(directory, name);
  for (let i = 0; i <= maxFiles; i++) {
    const f = i === 0 ? file : `${file}.${i}`;
    if (existsSync(f)) chmodSync(f, 0o600);
  }
  const stream = pino.destination({ dest: file, sync: false, minLength: MIN_WRITE_BYTES, mkdir: true, mode: 0o600, contentMode });
  stream.on('error', () => undefined); // a full disk must not take the gateway down
  const check = (): boolean => {
    try {
      if (statSync(file).size < maxFileBytes) return false;
      stream.flushSync();
      shift(file, maxFiles);
      stream.reopen();
      return true;
    } catch {
      return false; // missing file (deleted by `ccgate clean`) or a race with another check
    }
  };
  // Lines reach the file at least every tick, so `tail -f` stays current under light traffic.
  const tick = () => {
    stream.flush(); // a no-op while a write is in progress
    check();
  };
  const timer = setInterval(tick, ROTATION_CHECK_MS);
  timer.unref();
  return {
    stream,
    check,
    close: () =>
      new Promise((resolve) => {
        clearInterval(timer);
        stream.once('close', () => resolve());
        stream.end();
      }),
  };
}
