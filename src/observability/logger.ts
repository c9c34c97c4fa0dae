// Logs: data/logs/combined.log (everything at the level), error.log (errors only) and access.log
// (one JSON line per request), size-rotated, plus the console when enabled. Lines are buffered and
// written asynchronously (rotating-destination.ts), so logging never blocks a request; with
// kill -9 the last few lines can be lost (ledger rows are not: they have their own store).
// Callers log ids and numbers only: never keys, passwords, headers or prompt content; `redact`
// is a backstop on the app logs.
import { pino, type Logger, type StreamEntry } from 'pino';
import type { GatewayConfig } from '../config/types.js';
import { rotatingDestination, type Destination } from './rotating-destination.js';

/** Top-level field names that must never reach a log line (a backstop: callers log ids only). */
const REDACT_PATHS = ['key', 'apiKey', 'password', 'passwordHash', 'authorization', 'headers', 'body', 'messages', 'system'];

export interface Logs {
  app: Logger;
  access: AccessLog;
  close(): Promise<void>;
}

/**
 * The access log: one JSON line per request in pino's line format (`level`, `time`, then the
 * fields), made by one JSON.stringify and queued as a Buffer. Through pino a line was built field
 * by field and then flattened by sonic-boom on every write: ~8 KB allocated per request, the
 * largest allocation of a small request (V8's sampling heap profiler). The access fields are a
 * fixed record of ids, numbers and the path (http/server.ts), so pino's redaction backstop, which
 * the app logs keep, has nothing to catch here.
 */
export interface AccessLog {
  write(fields: object): void;
}

/** pino's level number for `info`. */
const INFO = 30;

/** A destination opened in buffer mode (rotating-destination.ts); sonic-boom's types say string only. */
interface BufferSink {
  write(data: Buffer): boolean;
}

function accessLog(stream: Destination): AccessLog {
  const sink = stream as unknown as BufferSink;
  return {
    write(fields) {
      sink.write(Buffer.from(`${JSON.stringify({ level: INFO, time: new Date().toISOString(), ...fields })}\n`));
    },
  };
}

/** Opens the log files for a config. */
export function openLogs(cfg: GatewayConfig['logging']): Logs {
  const open = (name: string, contentMode?: 'buffer') => rotatingDestination(cfg.directory, name, cfg.maxFileBytes, cfg.maxFiles, contentMode);
  const files = { combined: open('combined.log'), errors: open('error.log'), access: open('access.log', 'buffer') };
  const level = cfg.level === 'silent' ? 'fatal' : cfg.level;
  const streams: StreamEntry[] = [
    { level, stream: files.combined.stream },
    { level: 'error', stream: files.errors.stream },
  ];
  if (cfg.enableConsole && cfg.level !== 'silent') streams.push({ level, stream: process.stdout });
  const base = { redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime };
  const app = pino({ ...base, base: { pid: process.pid }, level: cfg.level }, pino.multistream(streams));
  return {
    app,
    access: accessLog(files.access.stream),
    close: async () => {
      await Promise.all(Object.values(files).map((f) => f.close()));
    },
  };
}
