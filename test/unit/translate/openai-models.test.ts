// The OpenAI models list: aliases first, then Claude ids, each once.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openaiModelsList } from '../../../src/translate/openai-models.js';

it('lists aliases then Claude models without duplicates', () => {
  assert.deepEqual(openaiModelsList(['gpt-4o', 'o3'], ['claude-sonnet-4-6', 'o3'], 1700000000), {
    object: 'list',
    data: [
      { id: 'gpt-4o', object: 'model', created: 1700000000, owned_by: 'ccgate' },
      { id: 'o3', object: 'model', created: 1700000000, owned_by: 'ccgate' },
      { id: 'claude-sonnet-4-6', object: 'model', created: 1700000000, owned_by: 'anthropic' },
    ],
  });
});

it('an empty allow-list gives an empty list', () => {
  assert.deepEqual(openaiModelsList([], [], 0), { object: 'list', data: [] });
});
