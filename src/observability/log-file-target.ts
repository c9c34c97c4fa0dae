// pino transport target (runs in pino's logging worker thread): one size-rotated log file.
// Keeping file writes and rotation off the event loop is what makes a log line cheap per request.
import { mkdirSync } from 'node:fs';
import { createStream } from 'rotating-file-stream';

/** Options passed from logger.ts through pino.transport. */
export interface LogFileOptions {
  directory: string;
  name: string;
  maxFileBytes: number;
  maxFiles: number;
}

/** Creates the file stream pino's worker writes into. */
export default function logFileTarget(opts: LogFileOptions): NodeJS.WritableStream {
  mkdirSync(opts.directory, { recursive: true });
  const stream = createStream(opts.name, { path: opts.directory, size: `${Math.max(1, Math.ceil(opts.maxFileBytes / 1024))}K`, rotate: opts.maxFiles });
  stream.on('error', () => undefined); // a full disk must not take the gateway down
  return stream;
}
