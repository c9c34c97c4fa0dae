// Turns the model id a client or upstream sent into the form the price book matches on, and holds the
// prefix rule that keeps an unknown newer version (claude-opus-4-9) from inheriting an older price.
import { MODEL_FAMILIES, type ModelFamily } from './price-types.js';

/** The two forms of a model id the price book matches on. */
export interface ModelIdForms {
  /** Lower-cased and trimmed, a trailing marker such as `[1m]` removed: what override patterns see first. */
  raw: string;
  /** `raw` without provider prefix, date or Bedrock version suffix, dots in versions as dashes. */
  key: string;
}

/**
 * Normalises a model id: `Claude-Sonnet-4-20250514[1m]` → key `claude-sonnet-4`;
 * `us.anthropic.claude-opus-4-1-20250805-v1:0` → `claude-opus-4-1`; `anthropic/claude-opus-4.8` →
 * `claude-opus-4-8`; `claude-opus-4-1@20250805` (Vertex) → `claude-opus-4-1`.
 */
export function normaliseModelId(model: string): ModelIdForms {
  const raw = model
    .trim()
    .toLowerCase()
    .replace(/\[[^\]]*\]$/, '');
  const key = raw
    .replace(/^(?:[a-z]{2,}\.)?anthropic[./]/, '')
    .replace(/-v\d+(?::\d+)?$/, '')
    .replace(/[-@]\d{8}$/, '')
    .replace(/(\d)\.(\d)/g, '$1-$2');
  return { raw, key };
}

/**
 * True when `key` is `prefix` itself or `prefix` followed by a dash and a segment that is not a
 * version number (1–3 digits): `claude-opus-4-1-thinking` and `claude-haiku-4-5-20251001-x` match
 * their prefixes, but `claude-opus-4-9` does not match `claude-opus-4` — a version the book does not
 * list must fall back (and be flagged), never be priced silently as an older model.
 */
export function matchesModelPrefix(key: string, prefix: string): boolean {
  if (key === prefix) return true;
  if (!key.startsWith(`${prefix}-`)) return false;
  return !/^\d{1,3}(?:-|$)/.test(key.slice(prefix.length + 1));
}

/** The first family word among the id's segments (`claude-3-opus` → opus), if any. */
export function detectModelFamily(key: string): ModelFamily | undefined {
  for (const segment of key.split(/[^a-z0-9]+/)) {
    const family = MODEL_FAMILIES.find((f) => f === segment);
    if (family) return family;
  }
  return undefined;
}
