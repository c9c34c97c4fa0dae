// The gateway's version, read once from package.json at start.
import { readFileSync } from 'node:fs';

function readVersion(): string {
  // dist/src/version.js when built, src/version.ts under tsx.
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ccgate' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

/** Version from package.json. */
export const VERSION = readVersion();
