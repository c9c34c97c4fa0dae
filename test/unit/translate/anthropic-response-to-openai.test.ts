// Response translation pieces: stop reason table, usage sums, content edge cases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyUsage } from '../../../src/domain/usage.js';
import type { AnthropicMessagesResponse } from '../../../src/protocol/anthropic-types.js';
import { anthropicResponseToOpenai } from '../../../src/translate/anthropic-response-to-openai.js';
import { convertUsage } from '../../../src/translate/convert-usage.js';
import { mapStopReason } from '../../../src/translate/map-stop-reason.js';

describe('mapStopReason', () => {
  const table: Array<[string | null, string]> = [
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['something_new', 'stop'],
    [null, 'stop'],
  ];
  for (const [reason, finish] of table) it(`${String(reason)} → ${finish}`, () => assert.equal(mapStopReason(reason), finish));
});

describe('convertUsage', () => {
  it('prompt_tokens includes cache writes and reads; cached_tokens is the reads', () => {
    const u = { ...emptyUsage(), inputTokens: 10, cacheCreationTokens: 200, cacheReadTokens: 3000, outputTokens: 7 };
    assert.deepEqual(convertUsage(u), {
      prompt_tokens: 3210,
      completion_tokens: 7,
      total_tokens: 3217,
      prompt_tokens_details: { cached_tokens: 3000 },
    });
  });
});

describe('anthropicResponseToOpenai', () => {
  const base: AnthropicMessagesResponse = {
    id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [],
    stop_reason: 'max_tokens', stop_sequence: null, usage: { input_tokens: 5, output_tokens: 9 },
  };
  it('echoes the requested model and given id/created, not the upstream ones', () => {
    const r = anthropicResponseToOpenai(base, { id: 'chatcmpl-x', created: 42, model: 'gpt-4o' });
    assert.equal(r.id, 'chatcmpl-x');
    assert.equal(r.created, 42);
    assert.equal(r.model, 'gpt-4o');
  });
  it('thinking only (cut by max_tokens): content is an empty string, not null', () => {
    const resp = { ...base, content: [{ type: 'thinking' as const, thinking: 'hmm', signature: 's' }] };
    const msg = anthropicResponseToOpenai(resp, { id: 'i', created: 0, model: 'm' }).choices[0]?.message;
    assert.equal(msg?.content, '');
    assert.equal(msg?.reasoning_content, 'hmm');
    assert.equal(msg?.tool_calls, undefined);
  });
  it('missing usage fields count as zero', () => {
    const r = anthropicResponseToOpenai({ ...base, usage: {} }, { id: 'i', created: 0, model: 'm' });
    assert.deepEqual(r.usage, { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_tokens_details: { cached_tokens: 0 } });
  });
});
