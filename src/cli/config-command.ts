// `ccgate config validate`: loads the config exactly as the gateway would and reports problems.
import { ConfigError, loadConfig } from '../config/load-config.js';
import { createPriceBook } from '../accounting/price-book.js';
import { resolvePaths, type PathOptions } from './paths.js';

/** Validates; returns the process exit code. */
export function runConfigValidate(flags: PathOptions, out: (s: string) => void = (s) => process.stdout.write(s)): number {
  const { configDir, dataDir } = resolvePaths(flags);
  try {
    const config = loadConfig(configDir, dataDir);
    createPriceBook(config.pricingOverrides);
    out(`Config OK: ${configDir}\n  ${config.upstreams.length} upstream(s), ${config.tenants.length} tenant(s), strategy ${config.routing.strategy}, port ${config.server.port}\n`);
    if (config.upstreams.length === 0) out('  Note: no upstream is configured; requests will get 503.\n');
    return 0;
  } catch (err) {
    const text = err instanceof ConfigError ? err.message : `pricing: ${(err as Error).message}`;
    out(`Config has problems (${configDir}):\n${text.split('\n').map((l) => `  - ${l}`).join('\n')}\n`);
    return 1;
  }
}
