// The raw entries of tenants.json or upstreams.json as the file holds them (before the schema's
// defaults), for edits that must see exactly what is written.
import { parse } from 'jsonc-parser';

/** One entry as written in the file. */
export type RawEntry = Record<string, unknown>;

/** The `tenants` or `upstreams` list of a file's text ([] when absent). */
export function entries(text: string, list: 'tenants' | 'upstreams'): RawEntry[] {
  const value: unknown = parse(text, [], { allowTrailingComma: true, disallowComments: false });
  const items = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[list] : undefined;
  return Array.isArray(items) ? items.map((t) => (t !== null && typeof t === 'object' ? (t as RawEntry) : {})) : [];
}

/** Index of the entry with this id, or -1. */
export function entryIndex(text: string, list: 'tenants' | 'upstreams', id: string): number {
  return entries(text, list).findIndex((t) => t['id'] === id);
}
