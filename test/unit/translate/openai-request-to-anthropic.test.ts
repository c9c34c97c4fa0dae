// Behaviour of the OpenAI → Anthropic request translation beyond the golden fixtures: model rule,
// reasoning_effort table, every tool_choice form, range checks and the 400s that name a field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/domain/errors.js';
import { openaiRequestToAnthropic, type OpenaiRequestOptions } from '../../../src/translate/openai-request-to-anthropic.js';

const OPTS: OpenaiRequestOptions = { models: { 'gpt-4o': 'claude-sonnet-4-6' }, defaultModel: undefined, defaultMaxTokens: 1024 };
const HI = [{ role: 'user', content: 'Hi' }];
const TOOLS = [
  { type: 'function', function: { name: 'a', parameters: { type: 'object', properties: {} } } },
  { type: 'function', function: { name: 'b' } },
];

function translate(extra: Record<string, unknown>, opts: OpenaiRequestOptions = OPTS) {
  return openaiRequestToAnthropic({ model: 'gpt-4o', messages: HI, ...extra }, opts);
}

/** Asserts a GatewayError with the given status and param. */
function assertRefused(extra: Record<string, unknown>, param: string, status = 400): void {
  assert.throws(
    () => translate(extra),
    (e: unknown) => e instanceof GatewayError && e.status === status && e.param === param,
    `expected ${status} on ${param}`,
  );
}

describe('model resolution', () => {
  it('maps an alias, passes a Claude id as-is', () => {
    assert.equal(translate({}).request.model, 'claude-sonnet-4-6');
    const r = translate({ model: 'claude-opus-4-8' });
    assert.equal(r.request.model, 'claude-opus-4-8');
    assert.equal(r.requestedModel, 'claude-opus-4-8');
  });
  it('uses defaultModel for other names, with a warning', () => {
    const r = translate({ model: 'gpt-3.5-turbo' }, { ...OPTS, defaultModel: 'claude-haiku-4-5' });
    assert.equal(r.request.model, 'claude-haiku-4-5');
    assert.equal(r.requestedModel, 'gpt-3.5-turbo');
    assert.deepEqual(r.warnings, ["model 'gpt-3.5-turbo' is not configured; using the default model 'claude-haiku-4-5'"]);
  });
  it('refuses an unknown name without a default as 404 model_not_found', () => {
    assertRefused({ model: 'gpt-3.5-turbo' }, 'model', 404);
  });
  it('an alias wins over the Claude-id rule, and alias lookup ignores inherited keys', () => {
    const r = translate({ model: 'claude-x' }, { ...OPTS, models: { 'claude-x': 'claude-opus-4-8' } });
    assert.equal(r.request.model, 'claude-opus-4-8');
    assertRefused({ model: 'toString' }, 'model', 404);
  });
  it('refuses a missing or non-string model', () => {
    assertRefused({ model: undefined }, 'model');
    assertRefused({ model: 42 }, 'model');
  });
});

describe('reasoning_effort', () => {
  const table: Array<[string, unknown, unknown]> = [
    ['none', undefined, undefined],
    ['minimal', undefined, { effort: 'low' }],
    ['low', { type: 'adaptive' }, { effort: 'low' }],
    ['medium', { type: 'adaptive' }, { effort: 'medium' }],
    ['high', { type: 'adaptive' }, { effort: 'high' }],
    ['xhigh', { type: 'adaptive' }, { effort: 'xhigh' }],
    ['max', { type: 'adaptive' }, { effort: 'max' }],
  ];
  for (const [effort, thinking, outputConfig] of table) {
    it(`${effort} → thinking ${JSON.stringify(thinking)}, output_config ${JSON.stringify(outputConfig)}`, () => {
      const { request } = translate({ reasoning_effort: effort });
      assert.deepEqual(request.thinking, thinking);
      assert.deepEqual(request.output_config, outputConfig);
    });
  }
  it('refuses an unknown effort', () => assertRefused({ reasoning_effort: 'extreme' }, 'reasoning_effort'));
});

describe('tools and tool_choice', () => {
  const choice = (extra: Record<string, unknown>) => translate({ tools: TOOLS, ...extra }).request.tool_choice;
  it('maps auto / none / required / named function', () => {
    assert.deepEqual(choice({ tool_choice: 'auto' }), { type: 'auto' });
    assert.deepEqual(choice({ tool_choice: 'none' }), { type: 'none' });
    assert.deepEqual(choice({ tool_choice: 'required' }), { type: 'any' });
    assert.deepEqual(choice({ tool_choice: { type: 'function', function: { name: 'b' } } }), { type: 'tool', name: 'b' });
  });
  it('gives a tool without parameters an empty object schema', () => {
    assert.deepEqual(translate({ tools: TOOLS }).request.tools?.[1], { name: 'b', input_schema: { type: 'object', properties: {} } });
  });
  it('allowed_tools narrows the tool list and sets the mode', () => {
    const { request } = translate({
      tools: TOOLS,
      tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'b' } }] } },
    });
    assert.deepEqual(request.tools?.map((t) => t.name), ['b']);
    assert.deepEqual(request.tool_choice, { type: 'any' });
  });
  it('parallel_tool_calls false sets disable_parallel_tool_use, implying auto when tool_choice is absent', () => {
    assert.deepEqual(choice({ parallel_tool_calls: false }), { type: 'auto', disable_parallel_tool_use: true });
    assert.deepEqual(choice({ parallel_tool_calls: false, tool_choice: 'required' }), { type: 'any', disable_parallel_tool_use: true });
    assert.deepEqual(choice({ parallel_tool_calls: false, tool_choice: 'none' }), { type: 'none' });
    assert.equal(choice({ parallel_tool_calls: true }), undefined);
  });
  it('without tools, auto/none and parallel_tool_calls are no-ops; required is refused', () => {
    const { request } = translate({ tool_choice: 'auto', parallel_tool_calls: false });
    assert.equal(request.tool_choice, undefined);
    assert.equal(request.tools, undefined);
    assertRefused({ tool_choice: 'required' }, 'tool_choice');
  });
  it('refuses a named tool that is not in tools, custom tools and custom tool_choice', () => {
    assertRefused({ tools: TOOLS, tool_choice: { type: 'function', function: { name: 'zzz' } } }, 'tool_choice');
    assertRefused({ tools: [{ type: 'custom', custom: { name: 'x' } }] }, 'tools[0].type');
    assertRefused({ tools: TOOLS, tool_choice: { type: 'custom', custom: { name: 'a' } } }, 'tool_choice.type');
  });
  it('warns that strict is not enforced', () => {
    const r = translate({ tools: [{ type: 'function', function: { name: 'a', strict: true } }] });
    assert.deepEqual(r.warnings, ['tools[].function.strict was ignored: the schema is passed without strict validation']);
  });
});

describe('limits and sampling', () => {
  it('uses the default max_tokens, prefers max_completion_tokens and warns on a conflict', () => {
    assert.equal(translate({}).request.max_tokens, 1024);
    const r = translate({ max_completion_tokens: 300, max_tokens: 200 });
    assert.equal(r.request.max_tokens, 300);
    assert.deepEqual(r.warnings, ['max_tokens was ignored: max_completion_tokens takes precedence']);
  });
  it('refuses a non-positive or fractional max token count', () => {
    assertRefused({ max_tokens: 0 }, 'max_tokens');
    assertRefused({ max_completion_tokens: 1.5 }, 'max_completion_tokens');
    assertRefused({ max_tokens: '100' }, 'max_tokens');
  });
  it('keeps temperature 0..1 exactly and refuses anything else', () => {
    assert.equal(translate({ temperature: 0 }).request.temperature, 0);
    assert.equal(translate({ temperature: 1 }).request.temperature, 1);
    assertRefused({ temperature: 1.01 }, 'temperature');
    assertRefused({ temperature: 2.5 }, 'temperature');
    assertRefused({ temperature: -0.1 }, 'temperature');
    assertRefused({ temperature: '0.5' }, 'temperature');
  });
  it('keeps top_p below 1, omits the neutral 1, refuses out of range', () => {
    assert.equal(translate({ top_p: 0.5 }).request.top_p, 0.5);
    assert.equal(translate({ top_p: 1 }).request.top_p, undefined);
    assertRefused({ top_p: 1.2 }, 'top_p');
  });
  it('stop: a string becomes one sequence; empty ones are dropped with a warning; bad types refused', () => {
    assert.deepEqual(translate({ stop: 'END' }).request.stop_sequences, ['END']);
    const r = translate({ stop: ['', 'X'] });
    assert.deepEqual(r.request.stop_sequences, ['X']);
    assert.deepEqual(r.warnings, ['stop had empty sequences, which were ignored']);
    assertRefused({ stop: [1] }, 'stop');
  });
  it('stream_options count only on a streaming request', () => {
    assert.equal(translate({ stream: true, stream_options: { include_usage: true } }).includeUsage, true);
    assert.equal(translate({ stream: true }).includeUsage, false);
    const r = translate({ stream_options: { include_usage: true } });
    assert.equal(r.includeUsage, false);
    assert.equal(r.request.stream, undefined);
    assert.deepEqual(r.warnings, ['stream_options was ignored: the request is not streaming']);
  });
  it('user wins over safety_identifier, with a warning', () => {
    const r = translate({ user: 'u1', safety_identifier: 's1' });
    assert.deepEqual(r.request.metadata, { user_id: 'u1' });
    assert.deepEqual(r.warnings, ['safety_identifier was ignored: user is sent as metadata.user_id']);
  });
});

describe('fields Claude cannot honour are refused', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ n: 2 }, 'n'],
    [{ top_logprobs: 3 }, 'top_logprobs'],
    [{ audio: { voice: 'alloy', format: 'mp3' } }, 'audio'],
    [{ modalities: ['text', 'audio'] }, 'modalities'],
    [{ functions: [{ name: 'f' }] }, 'functions'],
    [{ function_call: 'auto' }, 'function_call'],
    [{ web_search_options: {} }, 'web_search_options'],
    [{ response_format: { type: 'json_schema', json_schema: { name: 'x' } } }, 'response_format.json_schema.schema'],
    [{ response_format: { type: 'grammar' } }, 'response_format.type'],
  ];
  for (const [extra, param] of cases) it(`${JSON.stringify(extra)} → 400 on ${param}`, () => assertRefused(extra, param));
  it('accepts response_format text as a no-op', () => {
    assert.equal(translate({ response_format: { type: 'text' } }).request.output_config, undefined);
  });
  it('refuses a body that is not an object', () => {
    assert.throws(() => openaiRequestToAnthropic([], OPTS), (e: unknown) => e instanceof GatewayError && e.status === 400);
  });
});
