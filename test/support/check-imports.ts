// The architecture rule of DESIGN.md as code: which src/ folder may import which. Run by the
// architecture test and `npm run lint`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders each src/ module may import (besides itself, node: built-ins and packages). */
export const ALLOWED: Record<string, readonly string[]> = {
  domain: [],
  protocol: ['domain'],
  translate: ['protocol', 'domain'],
  config: ['domain'],
  storage: ['domain', 'config/types'],
  tenancy: ['domain', 'storage/types', 'storage/budget-types', 'config/types'],
  routing: ['domain', 'config/types'],
  accounting: ['domain', 'storage/types', 'config/types'],
  proxy: ['routing', 'protocol', 'domain', 'config/types'],
  observability: ['domain', 'config/types', 'routing', 'proxy', 'storage/types'],
  http: ['*'],
  cli: ['*'],
  '': ['*'], // app.ts, main.ts, app-types.ts, version.ts: the composition root
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function moduleOf(srcRoot: string, file: string): string {
  const rel = relative(srcRoot, file).replace(/\\/g, '/');
  return rel.includes('/') ? rel.split('/')[0]! : '';
}

function allowed(from: string, target: string): boolean {
  const rules = ALLOWED[from] ?? [];
  if (rules.includes('*')) return true;
  const targetModule = target.includes('/') ? target.split('/')[0]! : '';
  if (targetModule === from) return true;
  return rules.some((r) => r === targetModule || target === r || target.startsWith(`${r}.`) || target.startsWith(`${r}/`));
}

/** Every import in src/ that breaks the rule, as `file: import`. */
export function importViolations(srcRoot: string): string[] {
  const out: string[] = [];
  for (const file of files(srcRoot)) {
    const from = moduleOf(srcRoot, file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)) {
      const spec = m[1] ?? m[2]!;
      const target = relative(srcRoot, resolve(dirname(file), spec)).replace(/\\/g, '/').replace(/\.js$/, '');
      if (!allowed(from, target)) out.push(`${relative(srcRoot, file)}: imports ${target}`);
    }
  }
  return out;
}

/** src/ of the repository (from dist/test/support or test/support). */
export function srcRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const up = here.includes(`${'/'}dist${'/'}`) ? '../../../src' : '../../src';
  return resolve(here, up);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const v = importViolations(srcRoot());
  for (const line of v) process.stdout.write(`${line}\n`);
  process.stdout.write(v.length ? `${v.length} import rule violation(s)\n` : 'import rules: ok\n');
  process.exitCode = v.length ? 1 : 0;
}
