// Property test of the in-place JSONC edits: on files of random layout (one-line and multi-line
// entries, comments, trailing commas), any sequence of edits gives the same value as doing the
// edits on the parsed object, and the text stays valid JSONC.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse, type ParseError } from 'jsonc-parser';
import { appendItem, removeValue, setValue } from '../../../src/config/jsonc-edit.js';

type Entry = Record<string, unknown>;
type Op = { kind: 'set'; index: number; field: string; value: unknown } | { kind: 'unset'; index: number; field: string } | { kind: 'append'; entry: Entry } | { kind: 'remove'; index: number };

const field = fc.constantFrom('name', 'enabled', 'weight', 'note', 'limits');
const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.boolean(), fc.integer({ min: -5, max: 1000 }), fc.constant(null));
const fieldValue = fc.oneof(scalar, fc.record({ daily: fc.record({ maxUSD: fc.integer({ min: 0, max: 50 }) }) }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }));
const entry = fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), name: fc.string({ maxLength: 6 }) });

function render(entries: Entry[], layout: boolean[], comments: boolean[], trailingComma: boolean): string {
  const lines = entries.map((e, i) => {
    const body = layout[i] ? JSON.stringify(e, null, 2).split('\n').join('\n    ') : `{ ${Object.entries(e).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
    const comma = i < entries.length - 1 || trailingComma ? ',' : '';
    return `    ${body}${comma}${comments[i] ? ` // entry ${i}` : ''}`;
  });
  return `// file comment\n{\n  /* list */\n  "tenants": [\n${lines.join('\n')}${lines.length ? '\n' : ''}  ]\n}\n`;
}

function applyModel(model: Entry[], op: Op): void {
  switch (op.kind) {
    case 'set':
      if (model[op.index]) model[op.index]![op.field] = op.value;
      break;
    case 'unset':
      if (model[op.index]) delete model[op.index]![op.field];
      break;
    case 'append':
      model.push(op.entry);
      break;
    case 'remove':
      if (model[op.index]) model.splice(op.index, 1);
      break;
    default: {
      const never: never = op;
      return never;
    }
  }
}

function applyText(text: string, model: Entry[], op: Op): string {
  switch (op.kind) {
    case 'set':
      return model[op.index] ? setValue(text, ['tenants', op.index, op.field], op.value) : text;
    case 'unset':
      return model[op.index] ? removeValue(text, ['tenants', op.index, op.field]) : text;
    case 'append':
      return appendItem(text, ['tenants'], op.entry);
    case 'remove':
      return model[op.index] ? removeValue(text, ['tenants', op.index]) : text;
    default: {
      const never: never = op;
      return never;
    }
  }
}

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), index: fc.nat(5), field, value: fieldValue }),
  fc.record({ kind: fc.constant('unset' as const), index: fc.nat(5), field }),
  fc.record({ kind: fc.constant('append' as const), entry }),
  fc.record({ kind: fc.constant('remove' as const), index: fc.nat(5) }),
);

test('any edit sequence on any layout equals the same edits on the parsed value', () => {
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), fc.boolean(), fc.array(op, { maxLength: 8 }), (entries, layout, comments, trailingComma, ops) => {
      let text = render(entries, layout, comments, trailingComma);
      const model: Entry[] = structuredClone(entries);
      for (const o of ops) {
        text = applyText(text, model, o);
        applyModel(model, o);
        const errors: ParseError[] = [];
        const value = parse(text, errors, { allowTrailingComma: true });
        assert.deepEqual(errors, [], text);
        assert.deepEqual(value, JSON.parse(JSON.stringify({ tenants: model })), text);
      }
      assert.ok(text.startsWith('// file comment\n{\n  /* list */\n'), text);
    }),
    { numRuns: 400 },
  );
});
