// Dependencies point inward (DESIGN.md, Modules): a module imports only the folders it may.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importViolations, srcRoot } from '../support/check-imports.js';

test('src/ keeps the import rules', () => {
  assert.deepEqual(importViolations(srcRoot()), []);
});
