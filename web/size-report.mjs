// Prints the dashboard's first-load size: index.html and every script, style sheet, preload and
// font it pulls in before the app runs, raw / gzip / brotli (what `npm run -s size:web` shows).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = new URL('../dist/web/', import.meta.url).pathname;
const BUDGET_GZIP_BYTES = 150 * 1024;

if (!existsSync(join(root, 'index.html'))) {
  console.error('dist/web/index.html is missing: run npm run build first');
  process.exit(1);
}

const html = readFileSync(join(root, 'index.html'), 'utf8');
const seen = new Set(['index.html']);
const queue = [...html.matchAll(/(?:src|href)="\/dashboard\/([^"]+)"/g)].map((m) => m[1]);
while (queue.length > 0) {
  const name = queue.shift();
  if (seen.has(name)) continue;
  seen.add(name);
  const text = readFileSync(join(root, name), 'utf8');
  // Static imports between chunks and url() references in CSS (fonts, images) load too.
  if (name.endsWith('.js')) for (const m of text.matchAll(/(?:^|[;\s}])import\s*(?:[\w{}$,*\s]+from\s*)?["']\.\/([^"']+)["']/g)) queue.push(`assets/${m[1]}`);
  if (name.endsWith('.css')) for (const m of text.matchAll(/url\(\s*["']?\/dashboard\/([^"')]+)/g)) queue.push(m[1]);
}

let raw = 0;
let gz = 0;
let br = 0;
const rows = [];
for (const name of seen) {
  const body = readFileSync(join(root, name));
  const g = gzipSync(body, { level: 9 }).length;
  const b = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  raw += body.length;
  gz += g;
  br += b;
  rows.push(`  ${name.padEnd(44)} ${String(body.length).padStart(8)} ${String(g).padStart(8)} ${String(b).padStart(8)}`);
}
console.log(`  ${'file'.padEnd(44)} ${'raw'.padStart(8)} ${'gzip'.padStart(8)} ${'brotli'.padStart(8)}`);
console.log(rows.join('\n'));
console.log(`first load: ${raw} B raw, ${gz} B gzip (${(gz / 1024).toFixed(1)} KiB), ${br} B brotli; budget ${BUDGET_GZIP_BYTES} B gzip`);
if (gz > BUDGET_GZIP_BYTES) {
  console.error('first load is over budget');
  process.exit(1);
}
