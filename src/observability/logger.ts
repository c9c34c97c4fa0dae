// Logs: data/logs/combined.log (everything at the level), error.log (errors only) and access.log
// (one JSON line per request), size-rotated, plus the console when enabled. Writes go through
// pino into rotating-file-stream's async buffers, so logging never blocks a request. Callers log
// ids and numbers only: never keys, passwords, headers or prompt content; `redact` is a backstop.
import { mkdirSync } from 'node:fs';
import { pino, type Logger, type StreamEntry } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { GatewayConfig } from '../config/types.js';

/** Top-level field names that must never reach a log line (a backstop: callers log ids only). */
const REDACT_PATHS = ['key', 'apiKey', 'password', 'passwordHash', 'authorization', 'headers', 'body', 'messages', 'system'];

export interface Logs {
  app: Logger;
  access: Logger;
  close(): Promise<void>;
}

function rotating(dir: string, name: string, cfg: GatewayConfig['logging']): RotatingFileStream {
  const stream = createStream(name, { path: dir, size: `${Math.max(1, Math.ceil(cfg.maxFileBytes / 1024))}K`, rotate: cfg.maxFiles });
  stream.on('error', () => undefined); // a full disk must not crash the gateway
  return stream;
}

/** Opens the log files for a config. */
export function openLogs(cfg: GatewayConfig['logging']): Logs {
  mkdirSync(cfg.directory, { recursive: true });
  const combined = rotating(cfg.directory, 'combined.log', cfg);
  const errors = rotating(cfg.directory, 'error.log', cfg);
  const accessFile = rotating(cfg.directory, 'access.log', cfg);
  const level = cfg.level;
  const streams: StreamEntry[] = [
    { level: level === 'silent' ? 'fatal' : level, stream: combined },
    { level: 'error', stream: errors },
  ];
  if (cfg.enableConsole && level !== 'silent') streams.push({ level, stream: process.stdout });
  const base = { redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  const app = pino({ ...base, level }, pino.multistream(streams));
  const access = pino({ ...base, level: 'info', base: null }, accessFile);
  return {
    app,
    access,
    async close() {
      await Promise.all([combined, errors, accessFile].map((s) => new Promise<void>((r) => s.end(() => r()))));
    },
  };
}

/** A logger that drops everything (CLI commands, tests of pure parts). */
export function silentLogs(): Logs {
  const app = pino({ level: 'silent' });
  return { app, access: app, close: async () => undefined };
}
