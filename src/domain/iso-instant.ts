// Strict ISO 8601 instants for command-line ranges and imported timestamps. Date.parse is not
// used: it accepts loose forms and reads a date-time without a zone as local time, so the same
// text would mean different instants on different machines.

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms of a calendar date and time in UTC, or undefined when a field is out of range (2025-02-30). */
function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | undefined {
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? ms : undefined;
}

/** Minutes east of UTC of `Z` or `±hh:mm`, or undefined when out of range. */
function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Epoch ms of `YYYY-MM-DD` (UTC midnight) or `YYYY-MM-DDThh:mm[:ss[.fff]]` with `Z` or `±hh:mm`;
 * undefined for anything else, including impossible dates and a date-time without a zone.
 * Fractions beyond milliseconds are truncated.
 */
export function parseIsoInstant(text: string): number | undefined {
  const day = DATE_ONLY.exec(text);
  if (day) return utcMs(Number(day[1]), Number(day[2]), Number(day[3]));
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const base = utcMs(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  const offset = zoneOffsetMinutes(m[8]!);
  if (base === undefined || offset === undefined) return undefined;
  const fractionMs = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  return base + fractionMs - offset * 60_000;
}
