// Where the config and data folders are: flag, else environment, else ./config and ./data.
import { resolve } from 'node:path';

export interface PathOptions {
  config?: string;
  data?: string;
}

/** Resolved config and data folders. */
export function resolvePaths(opts: PathOptions, env: NodeJS.ProcessEnv = process.env): { configDir: string; dataDir: string } {
  return {
    configDir: resolve(opts.config ?? env['CCGATE_CONFIG_DIR'] ?? 'config'),
    dataDir: resolve(opts.data ?? env['CCGATE_DATA_DIR'] ?? 'data'),
  };
}
