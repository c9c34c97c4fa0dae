// Edits JSONC text in place, one value at a time, leaving every byte outside the edited value as
// it was: comments, blank lines, other entries' layout. jsonc-parser's `modify` reformats whole
// lines around an edit (a neighbouring one-line entry included) and can merge two array items
// when it removes the last one, so the few edits the dashboard needs are written here on its tree.
import { findNodeAtLocation, parseTree, type JSONPath, type Node, type ParseError } from 'jsonc-parser';

/** Indentation unit and line ending of a file, kept for what is added to it. */
interface TextStyle {
  unit: string;
  eol: string;
}

/** Inline values longer than this are written over several lines (in a multi-line container). */
const MAX_INLINE_CHARS = 72;

function styleOf(text: string): TextStyle {
  const indent = /\n([ \t]+)[^\s]/.exec(text)?.[1];
  const unit = indent === undefined ? '  ' : indent.startsWith('\t') ? '\t' : ' '.repeat(Math.min(indent.length, 8));
  return { unit, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function treeOf(text: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || errors.length) throw new Error('the file is not valid JSON');
  return root;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Leading whitespace of the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];
}

function spansLines(text: string, node: Node): boolean {
  return text.slice(node.offset, node.offset + node.length).includes('\n');
}

/** JSON on one line with a space after `,` and `:` and inside braces: `{ "maxUSD": 5 }`. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

function holdsObjectList(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => (v !== null && typeof v === 'object') || holdsObjectList(v));
  return value !== null && typeof value === 'object' && Object.values(value).some(holdsObjectList);
}

/** A value as it is written at a place indented by `indent`. */
function render(value: unknown, indent: string, style: TextStyle, oneLine: boolean): string {
  const flat = inline(value);
  if (oneLine || (flat.length <= MAX_INLINE_CHARS && !holdsObjectList(value))) return flat;
  return JSON.stringify(value, null, style.unit).split('\n').join(style.eol + indent);
}

/** Offset of the first character at or after `offset` that is not whitespace or a comment. */
function nextToken(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('//', i)) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else return i;
  }
}

/** Where a new member goes after `last`: past its comma, and past a line comment ending its line. */
function afterMember(text: string, last: Node): { offset: number; hasComma: boolean } {
  const end = last.offset + last.length;
  const next = nextToken(text, end);
  const hasComma = text[next] === ',';
  const from = hasComma ? next + 1 : end;
  const rest = /^[ \t]*(\/\/[^\r\n]*)?(?=\r?\n)/.exec(text.slice(from));
  return { offset: rest ? from + rest[0].length : from, hasComma };
}

/** Inserts a member (`"key": value` or an array item) at the end of an object or array. */
function insertMember(text: string, container: Node, member: (indent: string, oneLine: boolean) => string): string {
  const style = styleOf(text);
  const kids = container.children ?? [];
  const last = kids[kids.length - 1];
  const multiLine = spansLines(text, container) || container.type === 'array';
  if (!last) {
    const open = container.offset + 1;
    const close = container.offset + container.length - 1;
    if (!multiLine) return `${text.slice(0, open)} ${member('', true)} ${text.slice(close)}`;
    const outer = indentAt(text, container.offset);
    const inner = text.slice(open, close);
    // Keep a comment inside the empty container; drop only blank space.
    const kept = inner.trim() ? `${inner.replace(/\s+$/, '')}` : '';
    return `${text.slice(0, open)}${kept}${style.eol}${outer}${style.unit}${member(outer + style.unit, false)}${style.eol}${outer}${text.slice(close)}`;
  }
  const lastEnd = last.offset + last.length;
  const at = afterMember(text, last);
  if (!multiLine || !/^[ \t]*$/.test(text.slice(lineStart(text, last.offset), last.offset))) {
    const insertAt = at.hasComma ? at.offset : lastEnd;
    return `${text.slice(0, insertAt)}${at.hasComma ? ' ' : ', '}${member('', true)}${text.slice(insertAt)}`;
  }
  const indent = indentAt(text, last.offset);
  const added = `${style.eol}${indent}${member(indent, false)}`;
  if (at.hasComma) return text.slice(0, at.offset) + added + text.slice(at.offset);
  return `${text.slice(0, lastEnd)},${text.slice(lastEnd, at.offset)}${added}${text.slice(at.offset)}`;
}

/** Sets the value at `path`, creating missing parent objects; other text stays as it was. */
export function setValue(text: string, path: JSONPath, value: unknown): string {
  const root = treeOf(text);
  const node = findNodeAtLocation(root, path);
  const style = styleOf(text);
  if (node) {
    const container = node.parent?.type === 'property' ? node.parent.parent : node.parent;
    const oneLine = container !== undefined && !spansLines(text, container);
    const content = render(value, indentAt(text, node.offset), style, oneLine);
    return text.slice(0, node.offset) + content + text.slice(node.offset + node.length);
  }
  const key = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  if (typeof key !== 'string') throw new Error(`no array item at ${path.join('.')}`);
  const parent = findNodeAtLocation(root, parentPath);
  if (!parent) return setValue(text, parentPath, { [key]: value });
  if (parent.type !== 'object') throw new Error(`${parentPath.join('.')} is not an object`);
  return insertMember(text, parent, (indent, oneLine) => `${JSON.stringify(key)}: ${render(value, indent, style, oneLine)}`);
}

/** Appends an item to the array at `path` (created when missing). */
export function appendItem(text: string, path: JSONPath, value: unknown): string {
  const array = findNodeAtLocation(treeOf(text), path);
  if (!array) return setValue(text, path, [value]);
  if (array.type !== 'array') throw new Error(`${path.join('.')} is not an array`);
  const style = styleOf(text);
  // An entry (a tenant) is written over several lines like its siblings, however short.
  const expand = value !== null && typeof value === 'object';
  return insertMember(text, array, (indent, oneLine) => (expand && !oneLine ? JSON.stringify(value, null, style.unit).split('\n').join(style.eol + indent) : render(value, indent, style, oneLine)));
}

/** Renames the property at `path` and sets its value, in place (its position in the object kept). */
export function replaceProperty(text: string, path: JSONPath, newKey: string, value: unknown): string {
  const node = findNodeAtLocation(treeOf(text), path);
  const keyNode = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  if (!node || !keyNode) throw new Error(`no property at ${path.join('.')}`);
  const withValue = text.slice(0, node.offset) + inline(value) + text.slice(node.offset + node.length);
  return withValue.slice(0, keyNode.offset) + JSON.stringify(newKey) + withValue.slice(keyNode.offset + keyNode.length);
}

/**
 * Removes the property or array item at `path` with its comma. A member alone on its line(s) goes
 * with those lines, its trailing line comment included; the neighbours' comments stay.
 */
export function removeValue(text: string, path: JSONPath): string {
  const node = findNodeAtLocation(treeOf(text), path);
  if (!node) return text;
  const member = node.parent?.type === 'property' ? node.parent : node;
  const container = member.parent;
  const kids = container?.children ?? [];
  const index = kids.indexOf(member);
  if (!container || index < 0) throw new Error(`cannot remove ${path.join('.')}`);
  let start = member.offset;
  let end = member.offset + member.length;
  let dropComma: number | undefined;
  const after = nextToken(text, end);
  if (text[after] === ',') end = after + 1;
  else if (index > 0) {
    const prev = kids[index - 1]!;
    const comma = nextToken(text, prev.offset + prev.length);
    if (text[comma] === ',') dropComma = comma;
  }
  const ownLine = /^[ \t]*$/.test(text.slice(lineStart(text, start), start));
  const rest = /^[ \t]*(\/\/[^\r\n]*)?\r?\n/.exec(text.slice(end));
  if (ownLine && rest) {
    start = lineStart(text, start);
    end += rest[0].length;
  } else if (kids.length === 1 && /^\s*$/.test(text.slice(container.offset + 1, start) + text.slice(end, container.offset + container.length - 1))) {
    start = container.offset + 1; // the only member: `{ "a": 1 }` becomes `{}`
    end = container.offset + container.length - 1;
  } else if (dropComma !== undefined && /^\s*$/.test(text.slice(dropComma + 1, start))) {
    start = dropComma;
    dropComma = undefined;
  } else if (text[end - 1] === ',') {
    end += /^[ \t]*/.exec(text.slice(end))![0].length;
  }
  const out = text.slice(0, start) + text.slice(end);
  return dropComma === undefined ? out : out.slice(0, dropComma) + out.slice(dropComma + 1);
}
