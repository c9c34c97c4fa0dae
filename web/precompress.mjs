// Writes a .br and a .gz twin next to every built file of the dashboard (dist/web), so the
// gateway serves compressed bytes without compressing per request. A twin is kept only when it is
// smaller than the file itself.
import { readFileSync, readdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = new URL('../dist/web/', import.meta.url).pathname;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

let count = 0;
for (const file of files(root)) {
  if (file.endsWith('.br') || file.endsWith('.gz')) continue;
  const body = readFileSync(file);
  const twins = {
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    gz: gzipSync(body, { level: 9 }),
  };
  for (const [ext, packed] of Object.entries(twins)) {
    const out = `${file}.${ext}`;
    if (packed.length < body.length) {
      writeFileSync(out, packed);
      count++;
    } else rmSync(out, { force: true });
  }
}
console.log(`precompress: ${count} twins written under dist/web`);
