// Names the fields behind translation warnings, for the `x-ccgate-warnings` response header: the
// header says which fields were dropped, never the warning text (it can quote client values).
/** A field path as warnings begin with it: `seed`, `messages[].name`, `tools[].function.strict`. */
const LEADING_FIELD = /^[A-Za-z_][A-Za-z0-9_.[\]]{0,63}/;

/** How many names a header carries at most: a body with many unknown keys must not bloat it. */
const MAX_FIELDS = 20;

/** The distinct leading field names of `warnings` (each warning starts with its field's name). */
export function warningFields(warnings: readonly string[]): string[] {
  const fields = new Set<string>();
  for (const w of warnings) fields.add(LEADING_FIELD.exec(w)?.[0] ?? 'unnamed');
  return [...fields].slice(0, MAX_FIELDS);
}
