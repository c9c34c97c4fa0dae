// Which precompressed twin of a file to send for a request's Accept-Encoding (RFC 9110 §12.5.3):
// brotli, then gzip, else the file itself. A coding with q=0 is refused, `*` stands for any
// coding not named.

/** A content coding the dashboard keeps twins in. */
export type Coding = 'br' | 'gzip';

function qualities(header: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    out.set(name.trim(), q);
  }
  return out;
}

/** The preferred coding among those available, or undefined for identity. */
export function pickCoding(header: string | undefined, available: ReadonlySet<Coding>): Coding | undefined {
  if (!header) return undefined;
  const q = qualities(header);
  const star = q.get('*');
  let best: Coding | undefined;
  let bestQ = 0;
  for (const coding of ['br', 'gzip'] as const) {
    if (!available.has(coding)) continue;
    const weight = q.get(coding) ?? (coding === 'gzip' ? q.get('x-gzip') : undefined) ?? star ?? 0;
    if (weight > bestQ) {
      best = coding;
      bestQ = weight;
    }
  }
  return best;
}
