const UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** Parses a size such as 100, "100MB" or "1.5g" into bytes (binary units, as the original did). */
export function parseSize(size: number | string): number {
  if (typeof size === 'number') return size;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(size);
  if (!m) throw new Error(`not a size: ${size}`);
  const unit = UNITS[(m[2] || 'b').toLowerCase()];
  if (unit === undefined) throw new Error(`unknown size unit in ${size}`);
  return Math.round(Number(m[1]) * unit);
}
