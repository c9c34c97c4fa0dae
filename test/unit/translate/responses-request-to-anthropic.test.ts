// Behaviour of the Responses → Anthropic request translation beyond the golden fixtures: every
// tool_choice form, reasoning settings, cache breakpoints, the encrypted_content format, the
// order rule inside user turns, and the 400s that name a field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/domain/errors.js';
import { decodeThinking, encodeThinking } from '../../../src/translate/reasoning-encrypted-content.js';
import { responsesRequestToAnthropic, type ResponsesRequestOptions } from '../../../src/translate/responses-request-to-anthropic.js';

const OPTS: ResponsesRequestOptions = { models: { 'gpt-5': 'claude-opus-4-8' }, defaultModel: undefined, defaultMaxOutputTokens: 32000 };
const FN = (name: string) => ({ type: 'function', name, parameters: { type: 'object', properties: {} } });
const TOOLS = [FN('a'), { type: 'namespace', name: 'ns', description: 'd', tools: [FN('b')] }, { type: 'web_search' }];

function translate(extra: Record<string, unknown>, opts: ResponsesRequestOptions = OPTS) {
  return responsesRequestToAnthropic({ model: 'gpt-5', input: 'Hi', ...extra }, opts);
}

function assertRefused(extra: Record<string, unknown>, param: string, status = 400): void {
  assert.throws(
    () => translate(extra),
    (e: unknown) => e instanceof GatewayError && e.status === status && e.param === param,
    `expected ${status} on ${param}`,
  );
}

describe('responses tool_choice and parallel_tool_calls', () => {
  const choice = (tc: unknown, extra: Record<string, unknown> = {}) => translate({ tools: TOOLS, tool_choice: tc, ...extra }).body.tool_choice;

  it('auto, none, required, a named function, a named namespaced function, the hosted web search', () => {
    assert.deepEqual(choice('auto'), { type: 'auto' });
    assert.deepEqual(choice('none'), { type: 'none' });
    assert.deepEqual(choice('required'), { type: 'any' });
    assert.deepEqual(choice({ type: 'function', name: 'a' }), { type: 'tool', name: 'a' });
    assert.deepEqual(choice({ type: 'function', name: 'b', namespace: 'ns' }), { type: 'tool', name: 'ns__b' });
    assert.deepEqual(choice({ type: 'web_search_preview' }), { type: 'tool', name: 'web_search' });
  });

  it('allowed_tools narrows the tool list and maps the mode', () => {
    const r = translate({ tools: TOOLS, tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'b', namespace: 'ns' }] } });
    assert.deepEqual(r.body.tools?.map((t) => t.name), ['ns__b']);
    assert.deepEqual(r.body.tool_choice, { type: 'any' });
  });

  it('a named function not in tools is a 400; tool_choice without tools is a 400 unless auto or none', () => {
    assertRefused({ tools: TOOLS, tool_choice: { type: 'function', name: 'b' } }, 'tool_choice');
    assertRefused({ tool_choice: { type: 'function', name: 'a' } }, 'tool_choice');
    assert.equal(translate({ tool_choice: 'none' }).body.tool_choice, undefined);
  });

  it('a choice of a dropped hosted tool falls back to auto with a warning', () => {
    const r = translate({ tools: [FN('a'), { type: 'file_search' }], tool_choice: { type: 'file_search' } });
    assert.equal(r.body.tool_choice, undefined);
    assert.ok(r.warnings.includes("tool_choice was ignored: the 'file_search' tool cannot be sent to Claude"));
  });

  it('parallel_tool_calls false sets disable_parallel_tool_use on the implied or given choice, never on none', () => {
    assert.deepEqual(translate({ tools: TOOLS, parallel_tool_calls: false }).body.tool_choice, { type: 'auto', disable_parallel_tool_use: true });
    assert.deepEqual(choice('required', { parallel_tool_calls: false }), { type: 'any', disable_parallel_tool_use: true });
    assert.deepEqual(choice('none', { parallel_tool_calls: false }), { type: 'none' });
    assert.equal(translate({ tools: TOOLS, parallel_tool_calls: true }).body.tool_choice, undefined);
  });
});

describe('responses reasoning, output length and sampling', () => {
  it('reasoning.effort uses the chat mapping; summary alone turns nothing on but shows thinking', () => {
    const high = translate({ reasoning: { effort: 'high' } });
    assert.deepEqual([high.body.thinking, high.body.output_config], [{ type: 'adaptive' }, { effort: 'high' }]);
    assert.equal(high.answer.showReasoningSummary, false);
    const summary = translate({ reasoning: { summary: 'auto' } });
    assert.equal(summary.body.thinking, undefined);
    assert.equal(summary.answer.showReasoningSummary, true);
    assertRefused({ reasoning: { summary: 'verbose' } }, 'reasoning.summary');
  });

  it('max_output_tokens wins; the configured default applies when absent; non-integers are refused', () => {
    assert.equal(translate({ max_output_tokens: 100 }).body.max_tokens, 100);
    assert.equal(translate({}, { ...OPTS, defaultMaxOutputTokens: 64000 }).body.max_tokens, 64000);
    assertRefused({ max_output_tokens: 1.5 }, 'max_output_tokens');
    assertRefused({ max_output_tokens: 0 }, 'max_output_tokens');
  });

  it('temperature above 1 is refused rather than rescaled; top_p 1 is not sent', () => {
    assertRefused({ temperature: 1.5 }, 'temperature');
    assert.equal(translate({ top_p: 1 }).body.top_p, undefined);
  });

  it('include only asks for encrypted reasoning when it names it', () => {
    assert.equal(translate({ include: ['reasoning.encrypted_content'] }).answer.includeEncryptedReasoning, true);
    assert.equal(translate({}).answer.includeEncryptedReasoning, false);
    assertRefused({ include: 'reasoning.encrypted_content' }, 'include');
  });
});

describe('responses request fields', () => {
  it('store false, client_metadata and stream_options are accepted silently', () => {
    assert.deepEqual(translate({ store: false, client_metadata: { a: 1 }, stream_options: { include_obfuscation: false } }).warnings, []);
    assertRefused({ store: 'no' }, 'store');
  });

  it('background, conversation and prompt need server state: 400 naming the field', () => {
    assertRefused({ background: true }, 'background');
    assertRefused({ conversation: 'conv_1' }, 'conversation');
    assertRefused({ prompt: { id: 'pmpt_1' } }, 'prompt');
  });

  it('metadata values must be strings', () => {
    assertRefused({ metadata: { n: 1 } }, 'metadata.n');
  });

  it('an easy input message without type, and a string input, are user turns', () => {
    const r = translate({ input: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }] });
    assert.deepEqual(r.body.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assertRefused({ input: [] }, 'input');
    assertRefused({ input: 42 }, 'input');
    assertRefused({ input: [{ type: 'message', role: 'tool', content: 'x' }] }, 'input[0].role');
  });

  it('tool results go before text in a user turn, whatever the item order', () => {
    const r = translate({
      input: [
        { role: 'user', content: 'go' },
        { type: 'function_call', call_id: 'c1', name: 'a', arguments: '{}' },
        { role: 'user', content: 'also this' },
        { type: 'function_call_output', call_id: 'c1', output: 'ok' },
      ],
      tools: [FN('a')],
    });
    assert.deepEqual(
      r.body.messages.at(-1)?.content,
      [{ type: 'tool_result', tool_use_id: 'c1', content: 'ok' }, { type: 'text', text: 'also this' }],
    );
  });

  it('refusal parts are allowed in assistant content only; images only in user content', () => {
    assertRefused({ input: [{ role: 'user', content: [{ type: 'refusal', refusal: 'no' }] }] }, 'input[0].content[0].type');
    assertRefused({ input: [{ role: 'developer', content: [{ type: 'input_image', image_url: 'https://x/y.png' }] }] }, 'input[0].content[0].type');
    assertRefused({ input: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] }, 'input[0].content[0]');
  });
});

describe('responses cache breakpoints', () => {
  const withKey = translate({
    prompt_cache_key: 'sess',
    instructions: 'sys',
    tools: [FN('a'), FN('b')],
    input: [{ role: 'user', content: 'x' }, { type: 'reasoning', summary: [], encrypted_content: encodeThinking({ type: 'thinking', thinking: 't', signature: 's' }) }],
  });

  it('prompt_cache_key is the session key and places breakpoints on the last tool and system block', () => {
    assert.equal(withKey.sessionKey, 'sess');
    assert.deepEqual(withKey.body.tools?.map((t) => t.cache_control), [undefined, { type: 'ephemeral' }]);
    assert.deepEqual(withKey.body.system, [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }]);
  });

  it('a thinking block never gets a breakpoint (Anthropic refuses it); without a key, none are placed', () => {
    assert.deepEqual(withKey.body.messages.at(-1)?.content, [{ type: 'thinking', thinking: 't', signature: 's' }]);
    const plain = translate({ instructions: 'sys', tools: [FN('a')] });
    assert.equal(plain.sessionKey, undefined);
    assert.equal(JSON.stringify(plain.body).includes('cache_control'), false);
  });
});

describe('reasoning encrypted_content', () => {
  it('round-trips thinking and redacted thinking blocks, including non-ASCII text', () => {
    for (const block of [
      { type: 'thinking' as const, thinking: '思考 🧠 "quoted"', signature: 'EqQBCkYIBRgC' },
      { type: 'redacted_thinking' as const, data: 'EmwKAhgBEgy3va3pzix' },
    ]) {
      const encoded = encodeThinking(block);
      assert.match(encoded, /^ccgate\.thinking\.v1\.[A-Za-z0-9_-]+$/);
      assert.deepEqual(decodeThinking(encoded), block);
    }
  });

  it('foreign or tampered content is not ours', () => {
    assert.equal(decodeThinking('gAAAAABoOpenAIciphertext'), undefined);
    assert.equal(decodeThinking('ccgate.thinking.v1.!!!'), undefined);
    assert.equal(decodeThinking(`ccgate.thinking.v1.${Buffer.from('{"type":"thinking","thinking":1}').toString('base64url')}`), undefined);
  });
});
