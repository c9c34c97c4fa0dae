// Message conversion details: roles, merging, content parts and the 400s that name the message path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/domain/errors.js';
import { convertOpenaiMessages } from '../../../src/translate/convert-openai-messages.js';

function convert(messages: unknown) {
  const warnings: string[] = [];
  return { ...convertOpenaiMessages(messages, warnings), warnings };
}

function assertRefused(messages: unknown, param: string): void {
  assert.throws(
    () => convert(messages),
    (e: unknown) => e instanceof GatewayError && e.status === 400 && e.param === param,
    `expected 400 on ${param}`,
  );
}

const image = (url: string) => ({ role: 'user', content: [{ type: 'image_url', image_url: { url } }] });

describe('convertOpenaiMessages', () => {
  it('refuses a non-array, an empty list and a system-only list', () => {
    assertRefused({}, 'messages');
    assertRefused([], 'messages');
    assertRefused([{ role: 'system', content: 'x' }], 'messages');
  });
  it('refuses unknown and deprecated roles', () => {
    assertRefused([{ role: 'function', name: 'f', content: 'x' }], 'messages[0].role');
    assertRefused([{ role: 'robot', content: 'x' }], 'messages[0].role');
    assertRefused(['hello'], 'messages[0]');
  });
  it('merges consecutive user messages and keeps an assistant-first history', () => {
    const { messages } = convert([
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'a' },
      { role: 'user', content: [{ type: 'text', text: 'b' }] },
    ]);
    assert.deepEqual(messages, [
      { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
      { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
    ]);
  });
  it('skips an empty message with a warning, so its neighbours merge', () => {
    const { messages, warnings } = convert([
      { role: 'user', content: 'a' },
      { role: 'assistant', content: null },
      { role: 'user', content: 'b' },
    ]);
    assert.equal(messages.length, 1);
    assert.deepEqual(warnings, ['messages[] had an empty assistant message, which was skipped']);
  });
  it('treats empty tool-call arguments as {} and refuses non-object JSON', () => {
    const call = (args: string) => [
      { role: 'user', content: 'x' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: args } }] },
    ];
    assert.deepEqual(convert(call('')).messages[1]?.content, [{ type: 'tool_use', id: 'c1', name: 'f', input: {} }]);
    assertRefused(call('[1,2]'), 'messages[1].tool_calls[0].function.arguments');
    assertRefused(call('null'), 'messages[1].tool_calls[0].function.arguments');
  });
  it('refuses a tool message without tool_call_id and a deprecated function_call', () => {
    assertRefused([{ role: 'tool', content: 'x' }], 'messages[0].tool_call_id');
    assertRefused([{ role: 'assistant', function_call: { name: 'f', arguments: '{}' } }], 'messages[0].function_call');
  });
  it('keeps an earlier refusal as assistant text', () => {
    const { messages } = convert([{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] }]);
    assert.deepEqual(messages[1]?.content, [{ type: 'text', text: 'No.' }]);
  });
  it('an empty tool result has no content field', () => {
    const { messages } = convert([{ role: 'tool', tool_call_id: 'c1', content: '' }]);
    assert.deepEqual(messages[0]?.content, [{ type: 'tool_result', tool_use_id: 'c1' }]);
  });
  it('images: image/jpg becomes image/jpeg; a plain-string image_url is read; bad types and schemes are refused', () => {
    const { messages } = convert([image('data:image/jpg;base64,AAAA')]);
    assert.deepEqual(messages[0]?.content, [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } }]);
    const s = convert([{ role: 'user', content: [{ type: 'image_url', image_url: 'https://x.test/a.png' }] }]);
    assert.deepEqual(s.messages[0]?.content, [{ type: 'image', source: { type: 'url', url: 'https://x.test/a.png' } }]);
    assertRefused([image('data:image/bmp;base64,AAAA')], 'messages[0].content[0].image_url.url');
    assertRefused([image('data:image/png,rawbytes')], 'messages[0].content[0].image_url.url');
    assertRefused([image('ftp://x.test/a.png')], 'messages[0].content[0].image_url.url');
  });
  it('warns once that image detail is ignored', () => {
    const part = { type: 'image_url', image_url: { url: 'https://x.test/a.png', detail: 'high' } };
    const { warnings } = convert([{ role: 'user', content: [part, part] }]);
    assert.deepEqual([...new Set(warnings)], ['image_url.detail has no Anthropic equivalent and was ignored']);
  });
  it('files: only inline PDF data', () => {
    const file = (f: Record<string, unknown>) => [{ role: 'user', content: [{ type: 'file', file: f }] }];
    assertRefused(file({ file_id: 'file-abc' }), 'messages[0].content[0].file.file_id');
    assertRefused(file({ file_data: 'data:text/csv;base64,YSxi' }), 'messages[0].content[0].file.file_data');
    assertRefused(file({ file_data: 'JVBERi0=' }), 'messages[0].content[0].file.file_data');
  });
  it('cache_control on a part is kept, a malformed one refused', () => {
    const part = (cc: unknown) => [{ role: 'system', content: [{ type: 'text', text: 'S', cache_control: cc }] }, { role: 'user', content: 'x' }];
    assert.deepEqual(convert(part({ type: 'ephemeral', ttl: '1h' })).system, [{ type: 'text', text: 'S', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    assertRefused(part({ type: 'forever' }), 'messages[0].content[0].cache_control');
  });
  it('system content must be text', () => {
    assertRefused([{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x' } }] }], 'messages[0].content[0]');
  });
});
