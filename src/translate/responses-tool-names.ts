// Flattens the Responses API's tool names (plain and Codex's namespaced ones) into names Anthropic
// accepts (^[a-zA-Z0-9_-]{1,64}$, unique in the request) and maps Claude's calls back to them.
import { invalidField } from './request-fields.js';

/** A tool as the client names it: `{namespace:'multi_agent_v1', name:'close_agent'}`. */
export interface ToolIdentity {
  namespace?: string;
  name: string;
}

/** The two directions of one request's naming. */
export interface ToolNames {
  /** Anthropic name → the client's identity (the response side reads this). */
  readonly byFlat: Map<string, ToolIdentity>;
  /** identityKey → Anthropic name (history and tool_choice read this). */
  readonly byIdentity: Map<string, string>;
}

const VALID = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_CHARS = 64;
/** Between namespace and name: `.` is not allowed by Anthropic; `__` reads as a separator. */
const SEPARATOR = '__';

function identityKey(id: ToolIdentity): string {
  return `${id.namespace ?? ''}\u0000${id.name}`;
}

/**
 * The rule before collisions: `<namespace>__<name>` (or the plain name), every character outside
 * [a-zA-Z0-9_-] replaced by `_`, cut to 64 characters.
 */
export function baseFlatName(id: ToolIdentity): string {
  const raw = id.namespace === undefined ? id.name : `${id.namespace}${SEPARATOR}${id.name}`;
  const clean = raw.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, MAX_CHARS);
  return clean === '' ? 'tool' : clean;
}

/** `base`, or `base` cut short enough to carry `_2`, `_3`, … until the name is free. */
function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, MAX_CHARS - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Names every tool of the request, in a stable way (same tool list → same names, so history
 * written under earlier turns resolves the same). Plain names that are already valid keep their
 * name and are placed first; `reserved` (server tools such as `web_search`) are never handed out.
 * The same identity twice is a 400: Anthropic needs unique names and the answer would be ambiguous.
 */
export function allocateToolNames(ids: readonly ToolIdentity[], reserved: readonly string[]): ToolNames {
  const names: ToolNames = { byFlat: new Map(), byIdentity: new Map() };
  const taken = new Set(reserved);
  const seen = new Set<string>();
  for (const id of ids) {
    const key = identityKey(id);
    if (seen.has(key)) {
      const shown = id.namespace === undefined ? id.name : `${id.namespace}.${id.name}`;
      throw invalidField('tools', `tools has more than one tool named '${shown}'`);
    }
    seen.add(key);
  }
  const assign = (id: ToolIdentity, flat: string): void => {
    taken.add(flat);
    names.byFlat.set(flat, id);
    names.byIdentity.set(identityKey(id), flat);
  };
  const keepsName = (id: ToolIdentity): boolean => id.namespace === undefined && VALID.test(id.name) && !taken.has(id.name);
  const rest: ToolIdentity[] = [];
  for (const id of ids) {
    if (keepsName(id)) assign(id, id.name);
    else rest.push(id);
  }
  for (const id of rest) assign(id, freeName(baseFlatName(id), taken));
  return names;
}

/** Anthropic name of a tool offered in this request, or undefined. */
export function findFlatName(names: ToolNames, id: ToolIdentity): string | undefined {
  return names.byIdentity.get(identityKey(id));
}

/** Anthropic name for a tool the client names; one not offered this turn gets the base rule. */
export function flatNameOf(names: ToolNames, id: ToolIdentity): string {
  return findFlatName(names, id) ?? baseFlatName(id);
}

/** The client's identity for a name Claude called; an unknown name is returned as it is. */
export function identityOf(byFlat: ReadonlyMap<string, ToolIdentity>, flat: string): ToolIdentity {
  return byFlat.get(flat) ?? { name: flat };
}
