// Per-pool type parsers: BIGINT and NUMERIC come back as exact JS numbers, or the query fails.
import pg from 'pg';

/**
 * pg returns int8 (BIGINT, COUNT) and numeric (SUM of BIGINT) as strings, because they can
 * exceed 2^53. Ledger values are integers well below that (2^53 nano-USD is ~9 million USD), so
 * we parse them to numbers — but refuse, rather than round, anything that is not a safe integer.
 */
export function parseSafeInteger(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`ledger value ${text} is not an integer within ±2^53`);
  return n;
}

/**
 * Type overrides for one Pool's clients only; pg.types.setTypeParser would change every pg user
 * in the process.
 */
export function safeIntegerTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, parseSafeInteger);
  types.setTypeParser(pg.types.builtins.NUMERIC, parseSafeInteger);
  return types;
}
