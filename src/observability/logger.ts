// Logs: data/logs/combined.log (everything at the level), error.log (errors only) and access.log
// (one JSON line per request), size-rotated, plus the console when enabled. pino hands each line
// to a worker thread that does the file writes and rotation, so logging never blocks a request. Callers log
// ids and numbers only: never keys, passwords, headers or prompt content; `redact` is a backstop.
import { mkdirSync } from 'node:fs';
import { pino, type Logger, type TransportTargetOptions } from 'pino';
import type { GatewayConfig } from '../config/types.js';

/** Top-level field names that must never reach a log line (a backstop: callers log ids only). */
const REDACT_PATHS = ['key', 'apiKey', 'password', 'passwordHash', 'authorization', 'headers', 'body', 'messages', 'system'];

export interface Logs {
  app: Logger;
  access: Logger;
  close(): Promise<void>;
}

const TARGET = new URL('./log-file-target.js', import.meta.url).href;

function fileTarget(cfg: GatewayConfig['logging'], name: string, level: string): TransportTargetOptions {
  return { target: TARGET, level, options: { directory: cfg.directory, name, maxFileBytes: cfg.maxFileBytes, maxFiles: cfg.maxFiles } };
}

function closed(stream: { once(event: 'close', listener: () => void): unknown; end(): void }): Promise<void> {
  return new Promise((resolve) => {
    stream.once('close', () => resolve());
    stream.end();
  });
}

/** Opens the log files for a config; the writing happens in pino's worker threads. */
export function openLogs(cfg: GatewayConfig['logging']): Logs {
  mkdirSync(cfg.directory, { recursive: true });
  const level = cfg.level === 'silent' ? 'fatal' : cfg.level;
  const targets: TransportTargetOptions[] = [fileTarget(cfg, 'combined.log', level), fileTarget(cfg, 'error.log', 'error')];
  if (cfg.enableConsole && cfg.level !== 'silent') targets.push({ target: 'pino/file', level, options: { destination: 1 } });
  const appStream = pino.transport({ targets });
  const accessStream = pino.transport(fileTarget(cfg, 'access.log', 'info'));
  const base = { redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime };
  const app = pino({ ...base, base: { pid: process.pid }, level: cfg.level }, appStream);
  const access = pino({ ...base, base: null, level: 'info' }, accessStream);
  return {
    app,
    access,
    close: async () => {
      await Promise.all([closed(appStream), closed(accessStream)]);
    },
  };
}

/** A logger that drops everything (CLI commands, tests of pure parts). */
export function silentLogs(): Logs {
  const app = pino({ level: 'silent' });
  return { app, access: app, close: async () => undefined };
}
