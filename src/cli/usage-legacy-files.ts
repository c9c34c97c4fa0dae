// Finds the original CCGate's usage files under a folder: data/usage/{tenantId}/{YYYY-MM}/{YYYY-MM-DD}.json.
// Only that layout is read, so pointing at data/ (or at one tenant's folder) does not pick up other JSON.
import { readdirSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/** One day file of one tenant. */
export interface LegacyUsageFile {
  path: string;
  /** Path relative to the folder given, with `/`, for messages. */
  rel: string;
  /** `2025-09-01.json`. */
  fileName: string;
  /** The tenant folder's name when the file sits in {tenant}/{YYYY-MM}/. */
  folderTenantId: string | undefined;
}

const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.json$/;
const MONTH_FOLDER = /^\d{4}-\d{2}$/;

/** Symbolic links are not followed, so a link loop cannot hang the walk. */
function walk(dir: string, found: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else if (entry.isFile() && DAY_FILE.test(entry.name)) found.push(path);
  }
}

/** Every day file under `root`, sorted by path (so tenants and days import in order). */
export function findLegacyUsageFiles(root: string): LegacyUsageFile[] {
  const paths: string[] = [];
  walk(root, paths);
  return paths.sort().map((path) => {
    const month = dirname(path);
    return {
      path,
      rel: relative(root, path).split(sep).join('/'),
      fileName: basename(path),
      folderTenantId: MONTH_FOLDER.test(basename(month)) ? basename(dirname(month)) : undefined,
    };
  });
}
