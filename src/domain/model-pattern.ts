// Model allow-lists and per-upstream model lists use `*` wildcards, matched case-insensitively
// against the whole name ("*sonnet*", "claude-opus-4-*", "*").

const cache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 'i');
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** True when `model` matches the `*` pattern (case-insensitive, whole name). */
export function matchesModelPattern(pattern: string, model: string): boolean {
  return compile(pattern).test(model);
}

/** True when any pattern matches. */
export function matchesAnyModelPattern(patterns: readonly string[], model: string): boolean {
  return patterns.some((p) => matchesModelPattern(p, model));
}
