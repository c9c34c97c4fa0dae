// `ccgate prices`: the effective price table (built-in rows plus config overrides).
import { createPriceBook } from '../accounting/price-book.js';
import { listPrices } from '../accounting/list-prices.js';
import { loadConfig } from '../config/load-config.js';
import { resolvePaths, type PathOptions } from './paths.js';

/** Prints the table in USD per million tokens. */
export function runPrices(flags: PathOptions & { json?: boolean }, out: (s: string) => void = (s) => process.stdout.write(s)): number {
  const { configDir, dataDir } = resolvePaths(flags);
  const rows = listPrices(createPriceBook(loadConfig(configDir, dataDir).pricingOverrides));
  if (flags.json) {
    out(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  out('USD per million tokens\n');
  out(`${'model'.padEnd(44)} ${'when'.padEnd(22)} ${'input'.padStart(8)} ${'5m write'.padStart(9)} ${'1h write'.padStart(9)} ${'cache rd'.padStart(9)} ${'output'.padStart(8)}  source\n`);
  for (const r of rows) {
    const p = r.usdPerMTok;
    out(`${r.pattern.slice(0, 44).padEnd(44)} ${r.condition.padEnd(22)} ${String(p.input).padStart(8)} ${String(p.cacheWrite5m).padStart(9)} ${String(p.cacheWrite1h).padStart(9)} ${String(p.cacheRead).padStart(9)} ${String(p.output).padStart(8)}  ${r.source}\n`);
  }
  return 0;
}
