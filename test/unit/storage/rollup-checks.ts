// Checks shared by the store-specific rollup tests: the rollup table against its rebuild from the
// ledger, and the rollup read path against the plain ledger query on random queries.
import assert from 'node:assert/strict';
import { CUBES, DELTA_TABLE, ROLLUP_SUMS, blocksOf, cubeColumns, keyColumns, rollupFromLedger } from '../../../src/storage/rollup-cubes.js';
import type { UsageStore } from '../../../src/storage/types.js';
import { prng, randomQuery } from './aggregate-reference.js';

/**
 * Rows of every cube and span (plus the deltas not yet folded) that differ from the same blocks
 * rebuilt from the ledger, counted both ways; exact when 0.
 */
export function rollupMismatchSql(): string {
  const minus = (a: string, b: string): string => `(SELECT COUNT(*) FROM (SELECT * FROM ${a} a EXCEPT SELECT * FROM ${b} b) x)`;
  const counts = CUBES.flatMap((cube) =>
    cube.spans.map((span) => {
      const cols = cubeColumns(cube);
      const keys = keyColumns(cube);
      const stored = `SELECT ${cols.join(', ')} FROM ${cube.table} WHERE span_hours = ${span} UNION ALL SELECT * FROM (${blocksOf(cube, span, DELTA_TABLE)}) d`;
      const actual = `(SELECT ${keys.join(', ')}, ${[...ROLLUP_SUMS.map((c) => `SUM(${c})`), 'MAX(last_ts)'].join(', ')} FROM (${stored}) t GROUP BY ${keys.join(', ')})`;
      const rebuilt = `(${blocksOf(cube, span, `(${rollupFromLedger('1 = 1')})`)})`;
      return `${minus(actual, rebuilt)} + ${minus(rebuilt, actual)}`;
    }),
  );
  return `SELECT ${counts.join(' + ')} AS n`;
}

/** Asserts that random aggregates (and totals and series) of `rollup` equal those of `ledger`, a store reading only the ledger. */
export async function assertSamePaths(rollup: UsageStore, ledger: UsageStore, seed: number, start: number, spanMs: number, queries = 40): Promise<void> {
  const rnd = prng(seed);
  for (let i = 0; i < queries; i++) {
    const q = randomQuery(rnd, start, spanMs);
    assert.deepEqual(await rollup.aggregate(q), await ledger.aggregate(q), `query ${i}: ${JSON.stringify(q)}`);
    const u = { from: q.from, to: q.to };
    assert.deepEqual(await rollup.totals(u), await ledger.totals(u));
    assert.deepEqual(await rollup.series(u, 'hour'), await ledger.series(u, 'hour'));
  }
}
