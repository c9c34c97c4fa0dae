// Logs: data/logs/combined.log (everything at the level), error.log (errors only) and access.log
// (one JSON line per request), size-rotated, plus the console when enabled. pino hands each line
// to a worker thread that does the file writes and rotation, so logging never blocks a request. Callers log
// ids and numbers only: never keys, passwords, headers or prompt content; `redact` is a backstop.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino, type Logger, type TransportTargetOptions } from 'pino';
import logFileTarget, { type LogFileOptions } from './log-file-target.js';
import type { GatewayConfig } from '../config/types.js';

/** Top-level field names that must never reach a log line (a backstop: callers log ids only). */
const REDACT_PATHS = ['key', 'apiKey', 'password', 'passwordHash', 'authorization', 'headers', 'body', 'messages', 'system'];

export interface Logs {
  app: Logger;
  access: Logger;
  close(): Promise<void>;
}

// The compiled target beside this file. Under `npm run dev` (tsx) there is none, since pino's
// worker cannot load TypeScript: then the same streams are written on the main thread.
const TARGET_URL = new URL('./log-file-target.js', import.meta.url);
const IN_WORKER = existsSync(fileURLToPath(TARGET_URL));

function fileTarget(cfg: GatewayConfig['logging'], name: string, level: string): TransportTargetOptions {
  return { target: TARGET_URL.href, level, options: { directory: cfg.directory, name, maxFileBytes: cfg.maxFileBytes, maxFiles: cfg.maxFiles } };
}

type LogStream = Parameters<typeof pino>[1] & { once(event: 'close', listener: () => void): unknown; end(): void };

/** The transport for targets: pino's worker thread, or main-thread streams under tsx. */
function transport(targets: TransportTargetOptions[]): LogStream {
  if (IN_WORKER) return pino.transport({ targets }) as LogStream;
  const streams = targets.map((t) => ({
    level: t.level as 'info',
    stream: t.target === 'pino/file' ? process.stdout : logFileTarget(t.options as LogFileOptions),
  }));
  const multi = pino.multistream(streams);
  return Object.assign(multi, { once: () => multi, end: () => undefined }) as unknown as LogStream;
}

function closed(stream: LogStream): Promise<void> {
  if (!IN_WORKER) return Promise.resolve();
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
  const appStream = transport(targets);
  const accessStream = transport([fileTarget(cfg, 'access.log', 'info')]);
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
