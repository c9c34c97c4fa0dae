// A minimal RFC 4180 writer: exports must open the same in spreadsheets and parsers, and user
// agents and model names are client-chosen text that may hold commas, quotes or line breaks.

/** A value as it goes into a CSV cell; null becomes an empty field. */
export type CsvValue = string | number | boolean | null;

const NEEDS_QUOTES = /[",\r\n]/;

/** One field: quoted, with quotes doubled, when it holds a comma, quote, CR or LF (RFC 4180 §2.6-2.7). */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated (RFC 4180 §2.1). */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
