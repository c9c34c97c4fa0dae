// `ccgate start` (and `npm start`): runs the gateway until SIGTERM/SIGINT, then drains.
import { startGateway } from '../app.js';
import { ConfigError } from '../config/load-config.js';
import { resolvePaths, type PathOptions } from './paths.js';

export interface StartFlags extends PathOptions {
  port?: string;
  host?: string;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${value}`);
  return port;
}

/** Starts the gateway and installs signal handlers; exits 1 on an unusable config. */
export async function runStart(flags: StartFlags): Promise<void> {
  const paths = resolvePaths(flags);
  const port = parsePort(flags.port ?? process.env['PORT']);
  let gateway;
  try {
    gateway = await startGateway({ ...paths, ...(port !== undefined ? { port } : {}), ...(flags.host ? { host: flags.host } : {}) });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`CCGate cannot start: the config has problems:\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  process.stdout.write(`CCGate listening on http://${gateway.host}:${gateway.port} (config ${paths.configDir}, data ${paths.dataDir})\n`);
  for (const notice of gateway.notices) process.stdout.write(`WARNING: ${notice}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.exit(1); // a second signal: stop now
    }
    stopping = true;
    gateway.logs.app.info({ signal }, 'shutting down: draining in-flight requests');
    void gateway.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A bug in one request must not take every other tenant's requests down with it.
  process.on('uncaughtException', (err) => gateway.logs.app.fatal({ err }, 'uncaught exception'));
  process.on('unhandledRejection', (err) => gateway.logs.app.error({ err }, 'unhandled rejection'));
}
