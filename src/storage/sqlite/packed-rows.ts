// Read results cross from the worker to the main thread as columns: an array of row objects costs
// the receiving thread ~1 µs per field to deserialize (3 ms for a month's tenant × model × day
// aggregate), numeric columns sent as transferred Float64Arrays cost almost nothing to receive.
// The receiver rebuilds the objects, which is cheaper than deserializing them.

/** Rows of one shape as columns: numbers in Float64Arrays (exact for safe integers), the rest as arrays. */
export interface PackedRows {
  packedRows: true;
  length: number;
  keys: string[];
  columns: Array<Float64Array | unknown[]>;
}

/** Arrays shorter than this are sent as they are. */
const MIN_ROWS = 32;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/**
 * `value` packed when it is an array of enough objects with the first one's keys (the read
 * methods build every row of a result alike), else undefined.
 */
export function packRows(value: unknown): PackedRows | undefined {
  if (!Array.isArray(value) || value.length < MIN_ROWS || !isRecord(value[0])) return undefined;
  const rows = value as Array<Record<string, unknown>>;
  const keys = Object.keys(rows[0]!);
  for (const r of rows) {
    if (!isRecord(r)) return undefined;
    for (const k of keys) if (!(k in r)) return undefined;
  }
  const columns = keys.map((k): Float64Array | unknown[] => {
    const numbers = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i]![k];
      if (typeof v !== 'number') return rows.map((r) => r[k]);
      numbers[i] = v;
    }
    return numbers;
  });
  return { packedRows: true, length: rows.length, keys, columns };
}

/** A read's answer ready to post: a row array packed, a list of row arrays (aggregateMany) each packed. */
export function packValue(value: unknown): unknown {
  if (Array.isArray(value) && value.length > 0 && value.every(Array.isArray)) return value.map((v: unknown) => packRows(v) ?? v);
  return packRows(value) ?? value;
}

/** The buffers of a packed value to transfer rather than copy. */
export function transferList(value: unknown): ArrayBuffer[] {
  if (Array.isArray(value)) return value.flatMap(transferList);
  if (!isRecord(value) || value['packedRows'] !== true) return [];
  return (value as unknown as PackedRows).columns.flatMap((c) => (c instanceof Float64Array ? [c.buffer as ArrayBuffer] : []));
}

/** A posted answer's rows: packValue undone. */
export function unpackValue(value: unknown): unknown {
  if (Array.isArray(value) && value.length > 0 && value.every((v) => Array.isArray(v) || (isRecord(v) && v['packedRows'] === true))) return value.map(unpackRows);
  return unpackRows(value);
}

/** The rows of a packed value, or `value` itself when it is not packed. */
export function unpackRows(value: unknown): unknown {
  if (!isRecord(value) || value['packedRows'] !== true) return value;
  const p = value as unknown as PackedRows;
  const out = new Array<Record<string, unknown>>(p.length);
  for (let i = 0; i < p.length; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < p.keys.length; j++) row[p.keys[j]!] = p.columns[j]![i];
    out[i] = row;
  }
  return out;
}
