// The hourly rollups, one table per set of dimensions ("cubes"), and the SQL that keeps them,
// shared by the SQL stores. usage_hourly has every dimension (hour × tenant × model × upstream);
// the smaller cubes exist because a month of it is ~200k rows at 1M requests, and summing those
// (SQLite sorts them to group) takes several times the dashboard's 100 ms. A query reads the
// smallest cube that has the dimensions it groups and filters by.
//
// Cubes also hold blocks of 8 and 24 hours (span_hours), aligned to multiples of their length in
// UTC: a local day in a zone whose offset is a multiple of 8 hours is then 1 to 3 blocks instead
// of 24 hour rows (Asia/Shanghai's day, 16:00 to 16:00 UTC, is 8 + 8 + 8), other whole-hour
// offsets a few more (4-hour blocks would save little and cost the fold a statement per cube).
//
// Writes never update a cube row directly: a ledger row adds (or, deleted, subtracts) one row in
// usage_hourly_delta, and a fold sums the deltas into every cube and span. Readers add the deltas
// not yet folded, so they are exact at any moment.
import { LEDGER_DIM, LEDGER_SUMS } from './aggregate-sql.js';
import type { UsageDimension } from './types.js';

/** Width of a rollup row. */
export const HOUR_MS = 3_600_000;

/** Summed columns of every cube, in table order after the key columns. */
export const ROLLUP_SUMS = ['requests', 'errors', 'input_tokens', 'output_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_read_tokens', 'list_cost_nano', 'charged_cost_nano', 'upstream_cost_nano', 'flagged'] as const;

export type RollupDialect = 'sqlite' | 'postgres';

/** Column of each dimension in the rollup tables. */
export const DIM_COLUMN: Record<UsageDimension, string> = { tenant: 'tenant_id', model: 'model', upstream: 'upstream_id' };

/** One rollup table: blocks of each of `spans` hours (each divides the next), by `dims`. */
export interface Cube {
  table: string;
  dims: readonly UsageDimension[];
  spans: readonly number[];
}

/** Every cube, smallest first; the last has every dimension. */
export const CUBES: readonly Cube[] = [
  { table: 'usage_hourly_total', dims: [], spans: [1, 8, 24] },
  { table: 'usage_hourly_upstream', dims: ['upstream'], spans: [1, 8, 24] },
  { table: 'usage_hourly_model', dims: ['model'], spans: [1, 8, 24] },
  { table: 'usage_hourly_tenant', dims: ['tenant'], spans: [1, 8, 24] },
  { table: 'usage_hourly_tenant_model', dims: ['tenant', 'model'], spans: [1, 8, 24] },
  { table: 'usage_hourly', dims: ['tenant', 'model', 'upstream'], spans: [1, 8, 24] },
];

/** The cube with every dimension: what the others are built from. */
export const FULL_CUBE: Cube = CUBES.at(-1)!;

/** Additions not yet folded into the cubes; has every dimension. */
export const DELTA_TABLE = 'usage_hourly_delta';

/** The smallest cube holding all of `needed`. */
export function cubeFor(needed: readonly UsageDimension[]): Cube {
  return CUBES.find((c) => needed.every((d) => c.dims.includes(d)))!;
}

const dimColumns = (cube: Cube): string[] => cube.dims.map((d) => DIM_COLUMN[d]);

/** Key columns of `cube`: block length, block start, then its dimensions. */
export function keyColumns(cube: Cube): string[] {
  return ['span_hours', 'hour', ...dimColumns(cube)];
}

/** Every column of `cube` in table order. */
export function cubeColumns(cube: Cube): string[] {
  return [...keyColumns(cube), ...ROLLUP_SUMS, 'last_ts'];
}

/** Columns of the delta table, and of rollupFromLedger: hour, every dimension, the sums, last_ts. */
export const DELTA_COLUMNS: readonly string[] = ['hour', 'tenant_id', 'model', 'upstream_id', ...ROLLUP_SUMS, 'last_ts'];

/** `expr` floored to a multiple of `sizeMs` (also below 0, where integer division truncates upward). */
export function floorSql(expr: string, sizeMs: number): string {
  return `(${expr} - (((${expr} % ${sizeMs}) + ${sizeMs}) % ${sizeMs}))`;
}

/**
 * Hour rows with every dimension computed from ledger rows (`source`, aliased u) matching `where`,
 * in DELTA_COLUMNS order: the backfill, the rebuild of an hour, a PostgreSQL transition table.
 */
export function rollupFromLedger(where: string, source = 'usage'): string {
  return `SELECT ${floorSql('u.ts', HOUR_MS)} AS hour, ${LEDGER_DIM.tenant} AS tenant_id, ${LEDGER_DIM.model} AS model, ${LEDGER_DIM.upstream} AS upstream_id, ${LEDGER_SUMS}
    FROM ${source} u WHERE ${where} GROUP BY 1, 2, 3, 4`;
}

/** Rows of `source` (DELTA_COLUMNS, aliased s) summed into `cube`'s blocks of `span` hours, in cube column and key order. */
export function blocksOf(cube: Cube, span: number, source: string, where = '1 = 1'): string {
  const start = span === 1 ? 's.hour' : floorSql('s.hour', span * HOUR_MS);
  const keys = [start, ...dimColumns(cube).map((c) => `s.${c}`)];
  return `SELECT ${[String(span), ...keys, ...ROLLUP_SUMS.map((c) => `SUM(s.${c})`), 'MAX(s.last_ts)'].join(', ')} FROM ${source} s WHERE ${where}
    GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}`;
}

/** Adds the rows of `select` (cube columns in order, one per key) to `cube`. */
export function addInto(cube: Cube, select: string, dialect: RollupDialect): string {
  const max = dialect === 'sqlite' ? 'MAX' : 'GREATEST';
  return `INSERT INTO ${cube.table} (${cubeColumns(cube).join(', ')}) ${select}
    ON CONFLICT (${keyColumns(cube).join(', ')}) DO UPDATE SET ${ROLLUP_SUMS.map((c) => `${c} = ${cube.table}.${c} + excluded.${c}`).join(', ')},
      last_ts = ${max}(${cube.table}.last_ts, excluded.last_ts)`;
}

/** Every block length some cube keeps, shortest first. */
export const ALL_SPANS: readonly number[] = [...new Set(CUBES.flatMap((c) => c.spans))].sort((a, b) => a - b);

/**
 * The statements that add `source` (DELTA_COLUMNS rows, best already summed per hour and group,
 * so that each statement groups few rows) to every span of every cube.
 */
export function foldStatements(source: string, dialect: RollupDialect): string[] {
  return CUBES.flatMap((cube) => cube.spans.map((span) => addInto(cube, blocksOf(cube, span, source), dialect)));
}

/** `source` (DELTA_COLUMNS rows) summed per hour and group: what a fold adds up once before the cubes. */
export function deltaPerHour(source: string): string {
  const keys = ['hour', 'tenant_id', 'model', 'upstream_id'];
  return `SELECT ${[...keys, ...ROLLUP_SUMS.map((c) => `SUM(${c})`), 'MAX(last_ts)'].join(', ')} FROM ${source} GROUP BY ${keys.join(', ')}`;
}

/**
 * After rows left the groups of `affected` (DELTA_COLUMNS rows): drops the cube rows left empty
 * and recomputes the latest time of the others (a maximum cannot be subtracted): hour rows from
 * the ledger, longer blocks from their hour rows. One statement per cube, span and step.
 */
export function settleAfterRemoval(affected: string): string[] {
  return CUBES.flatMap((cube) =>
    cube.spans.flatMap((span) => {
      const t = cube.table;
      const start = span === 1 ? 'a.hour' : floorSql('a.hour', span * HOUR_MS);
      const keys = `(${keyColumns(cube).join(', ')}) IN (SELECT DISTINCT ${[String(span), start, ...dimColumns(cube).map((c) => `a.${c}`)].join(', ')} FROM ${affected} a)`;
      const lastTs =
        span === 1
          ? `SELECT MAX(u.ts) FROM usage u WHERE u.ts >= ${t}.hour AND u.ts < ${t}.hour + ${HOUR_MS}${cube.dims.map((d) => ` AND ${LEDGER_DIM[d]} = ${t}.${DIM_COLUMN[d]}`).join('')}`
          : `SELECT MAX(o.last_ts) FROM ${t} o WHERE o.span_hours = 1 AND o.hour >= ${t}.hour AND o.hour < ${t}.hour + ${span * HOUR_MS}${dimColumns(cube).map((c) => ` AND o.${c} = ${t}.${c}`).join('')}`;
      return [`DELETE FROM ${t} WHERE requests = 0 AND ${keys}`, `UPDATE ${t} SET last_ts = COALESCE((${lastTs}), 0) WHERE ${keys}`];
    }),
  );
}

/** What ledger row `r` (NEW or OLD in a trigger) is in the delta table: key, then each sum; `sign` -1 takes it out. */
export function deltaValuesOf(r: string, sign: 1 | -1): string[] {
  const neg = (v: string): string => (sign === 1 ? v : `-(${v})`);
  return [
    floorSql(`${r}.ts`, HOUR_MS),
    `COALESCE(${r}.tenant_id, '')`,
    `COALESCE(${r}.model_served, ${r}.model_requested, '')`,
    `COALESCE(${r}.upstream_id, '')`,
    neg('1'),
    neg(`CASE WHEN ${r}.status >= 400 THEN 1 ELSE 0 END`),
    ...['input_tokens', 'output_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_read_tokens', 'list_cost_nano', 'charged_cost_nano', 'upstream_cost_nano'].map((c) => neg(`${r}.${c}`)),
    neg(`CASE WHEN ${r}.price_flagged THEN 1 ELSE 0 END`),
    // A removal carries no time: the fold recomputes the group's latest time instead.
    sign === 1 ? `${r}.ts` : '0',
  ];
}

/** CREATE TABLE of every cube and of the delta table; `int` is the dialect's 64-bit integer type. */
export function createRollupTables(int: string, withoutRowid: boolean): string {
  const cube = (c: Cube): string => `CREATE TABLE ${c.table} (
    span_hours INTEGER NOT NULL,
    ${[...['hour', ...dimColumns(c)].map((k) => `${k} ${k === 'hour' ? int : 'TEXT'} NOT NULL`), ...ROLLUP_SUMS.map((x) => `${x} ${int} NOT NULL`), `last_ts ${int} NOT NULL`].join(',\n    ')},
    PRIMARY KEY (${keyColumns(c).join(', ')})
  )${withoutRowid ? ' WITHOUT ROWID' : ''};`;
  const delta = `CREATE TABLE ${DELTA_TABLE} (
    ${DELTA_COLUMNS.map((k) => `${k} ${['tenant_id', 'model', 'upstream_id'].includes(k) ? 'TEXT' : int} NOT NULL`).join(',\n    ')}
  );
  CREATE INDEX ${DELTA_TABLE}_hour ON ${DELTA_TABLE} (hour);`;
  return [...CUBES.map(cube), delta].join('\n  ');
}

const fullHours = (where: string): string => `(SELECT ${DELTA_COLUMNS.join(', ')} FROM ${FULL_CUBE.table} WHERE span_hours = 1 AND ${where})`;

/** Fills every cube and span from the whole ledger (the hour rows of usage_hourly from it, the rest from those); the cubes must be empty. */
export function buildCubesSql(): string[] {
  return [
    `INSERT INTO ${FULL_CUBE.table} (${cubeColumns(FULL_CUBE).join(', ')}) SELECT 1, ${DELTA_COLUMNS.map((c) => `x.${c}`).join(', ')} FROM (${rollupFromLedger('1 = 1')}) x`,
    ...CUBES.flatMap((c) => c.spans.filter((span) => c !== FULL_CUBE || span > 1).map((span) => `INSERT INTO ${c.table} (${cubeColumns(c).join(', ')}) ${blocksOf(c, span, fullHours('1 = 1'))}`)),
  ];
}

/**
 * Refills the blocks of `span` hours starting at `start` in every cube (their rows must be gone):
 * an hour from the ledger, a longer block from the hour rows of usage_hourly (already right).
 */
export function rebuildBlockSql(span: number, start: number): string[] {
  const hours = `hour >= ${start} AND hour < ${start + span * HOUR_MS}`;
  if (span > 1) return CUBES.filter((c) => c.spans.includes(span)).map((c) => `INSERT INTO ${c.table} (${cubeColumns(c).join(', ')}) ${blocksOf(c, span, fullHours(hours))}`);
  return [
    `INSERT INTO ${FULL_CUBE.table} (${cubeColumns(FULL_CUBE).join(', ')}) SELECT 1, ${DELTA_COLUMNS.map((c) => `x.${c}`).join(', ')} FROM (${rollupFromLedger(`u.ts >= ${start} AND u.ts < ${start + HOUR_MS}`)}) x`,
    ...CUBES.filter((c) => c !== FULL_CUBE).map((c) => `INSERT INTO ${c.table} (${cubeColumns(c).join(', ')}) ${blocksOf(c, 1, fullHours(hours))}`),
  ];
}

/** Rows of `select` (DELTA_COLUMNS) with every sum negated and no time: their removal, as deltas. */
export function negated(select: string): string {
  return `SELECT hour, tenant_id, model, upstream_id, ${ROLLUP_SUMS.map((c) => `-${c}`).join(', ')}, 0 FROM (${select}) n`;
}
