// The built dashboard (dist/web, written by `npm run build:web`) held in memory: index.html and
// every file under assets/, each with its precompressed .br/.gz twins, content type and ETags.
// Read once at first use (the whole build is a few hundred KB); only names from this list are
// ever served, so no request path reaches the file system.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Coding } from './accept-encoding.js';

/** One representation of a file. */
export interface Representation {
  body: Buffer;
  etag: string;
}

/** A built file and its compressed twins. */
export interface BuiltFile {
  contentType: string;
  identity: Representation;
  coded: Map<Coding, Representation>;
}

/** The built app: the page and its assets by file name. */
export interface StaticBundle {
  index: BuiltFile;
  assets: ReadonlyMap<string, BuiltFile>;
}

/** dist/web, seen from the compiled module (dist/src/http/dashboard). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

const TWINS: ReadonlyArray<[Coding, string]> = [
  ['br', '.br'],
  ['gzip', '.gz'],
];

function etagOf(body: Buffer, suffix: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}${suffix}"`;
}

function readBuilt(path: string): BuiltFile {
  const body = readFileSync(path);
  const coded = new Map<Coding, Representation>();
  for (const [coding, ext] of TWINS) {
    if (!existsSync(path + ext)) continue;
    const twin = readFileSync(path + ext);
    coded.set(coding, { body: twin, etag: etagOf(body, `-${ext.slice(1)}`) });
  }
  return { contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream', identity: { body, etag: etagOf(body, '') }, coded };
}

/** Reads the build under `root`; undefined when it has not been built. */
export function loadStaticBundle(root: string = DEFAULT_WEB_ROOT): StaticBundle | undefined {
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) return undefined;
  const assets = new Map<string, BuiltFile>();
  const assetDir = join(root, 'assets');
  if (existsSync(assetDir)) {
    for (const name of readdirSync(assetDir)) {
      if (name.endsWith('.br') || name.endsWith('.gz')) continue;
      const path = join(assetDir, name);
      if (statSync(path).isFile()) assets.set(name, readBuilt(path));
    }
  }
  return { index: readBuilt(indexPath), assets };
}
