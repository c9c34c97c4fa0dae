// Whether the browser tests can run here: they drive Debian's Chromium through playwright-core
// (no downloaded browsers). Missing Chromium skips them on a developer machine and fails them,
// with the fix named, in CI (CI=true or CCGATE_REQUIRE_BROWSER=1).
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';

/** The Chromium executable: CCGATE_CHROMIUM or Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env['CCGATE_CHROMIUM'] ?? '/usr/bin/chromium';

/** Flags for a quiet headless Chromium that talks to nothing but the page's origin. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const required = process.env['CCGATE_REQUIRE_BROWSER'] === '1' || process.env['CI'] === 'true';
const missing = `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CCGATE_CHROMIUM`;

/** A describe() for browser tests: skipped without Chromium locally, failing in CI. */
export function describeBrowser(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, fn);
  } else if (required) {
    describe(name, () => {
      test('Chromium is installed', () => {
        throw new Error(missing);
      });
    });
  } else {
    describe(name, { skip: missing }, fn);
  }
}
