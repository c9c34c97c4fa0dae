// Logs: data/logs/combined.log (everything at the level), error.log (errors only) and access.log
// (one JSON line per request), size-rotated, plus the console when enabled. Lines are buffered and
// written asynchronously (rotating-destination.ts), so logging never blocks a request; with
// kill -9 the last few lines can be lost (ledger rows are not: they have their own store).
// Callers log ids and numbers only: never keys, passwords, headers or prompt content; `redact`
// is a backstop.
import { pino, type Logger, type StreamEntry } from 'pino';
import type { GatewayConfig } from '../config/types.js';
import { rotatingDestination } from './rotating-destination.js';

/** Top-level field names that must never reach a log line (a backstop: callers log ids only). */
const REDACT_PATHS = ['key', 'apiKey', 'password', 'passwordHash', 'authorization', 'headers', 'body', 'messages', 'system'];

export interface Logs {
  app: Logger;
  access: Logger;
  close(): Promise<void>;
}

/** Opens the log files for a config. */
export function openLogs(cfg: GatewayConfig['logging']): Logs {
  const open = (name: string) => rotatingDestination(cfg.directory, name, cfg.maxFileBytes, cfg.maxFiles);
  const files = { combined: open('combined.log'), errors: open('error.log'), access: open('access.log') };
  const level = cfg.level === 'silent' ? 'fatal' : cfg.level;
  const streams: StreamEntry[] = [
    { level, stream: files.combined.stream },
    { level: 'error', stream: files.errors.stream },
  ];
  if (cfg.enableConsole && cfg.level !== 'silent') streams.push({ level, stream: process.stdout });
  const base = { redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime };
  const app = pino({ ...base, base: { pid: process.pid }, level: cfg.level }, pino.multistream(streams));
  const access = pino({ ...base, base: null, level: 'info' }, files.access.stream);
  return {
    app,
    access,
    close: async () => {
      await Promise.all(Object.values(files).map((f) => f.close()));
    },
  };
}
