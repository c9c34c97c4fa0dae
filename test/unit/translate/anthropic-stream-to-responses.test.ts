// State machine edges of the Responses stream translator (failures, cuts, missing events, usage,
// summaries), parity with the JSON answer, and the thinking round trip through a tool loop.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AnthropicMessagesResponse } from '../../../src/protocol/anthropic-types.js';
import type { ResponsesResponse } from '../../../src/protocol/openai-responses-types.js';
import type { SseFrame } from '../../../src/protocol/sse.js';
import { anthropicResponseToResponses } from '../../../src/translate/anthropic-response-to-responses.js';
import { createResponsesStreamTranslator, type ResponsesStreamTranslator } from '../../../src/translate/anthropic-stream-to-responses.js';
import { responsesRequestToAnthropic } from '../../../src/translate/responses-request-to-anthropic.js';
import { answerOptions, parseEvents, replayResponsesStream, type SentEvent } from '../../support/responses-replay.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/responses/', import.meta.url));
const OPTS = { models: { 'gpt-4.1': 'claude-sonnet-4-6' }, defaultModel: undefined, defaultMaxOutputTokens: 32000 };

function settings(extra: Record<string, unknown> = {}) {
  return responsesRequestToAnthropic({ model: 'gpt-4.1', input: 'x', ...extra }, OPTS).answer;
}

function ev(data: Record<string, unknown>, event: string | undefined = String(data['type'])): SseFrame {
  return { event, data: JSON.stringify(data) };
}
const START = ev({ type: 'message_start', message: { model: 'claude-sonnet-4-6', usage: { input_tokens: 100, cache_read_input_tokens: 50, output_tokens: 1 } } });
const TEXT_START = ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
const text = (t: string, index = 0) => ev({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } });
const stop = (index: number) => ev({ type: 'content_block_stop', index });
const delta = (reason: string, usage: Record<string, unknown> = { output_tokens: 42 }) => ev({ type: 'message_delta', delta: { stop_reason: reason }, usage });
const STOP = ev({ type: 'message_stop' });

function feed(t: ResponsesStreamTranslator, frames: SseFrame[]): SentEvent[] {
  return parseEvents(frames.map((f) => t.frame(f)).join(''));
}
function types(events: SentEvent[]): string[] {
  return events.map((e) => e.data.type);
}
function lastResponse(events: SentEvent[]): ResponsesResponse {
  return events.at(-1)?.data['response'] as ResponsesResponse;
}

describe('createResponsesStreamTranslator', () => {
  it('fail() ends the stream with one response.failed; later frames, end() and fail() emit nothing', () => {
    const t = createResponsesStreamTranslator(answerOptions(settings()));
    feed(t, [START, TEXT_START, text('hi')]);
    const failed = parseEvents(t.fail('timeout_error', 'Upstream stream idle for 60 s'));
    assert.deepEqual(types(failed), ['response.failed']);
    assert.deepEqual(lastResponse(failed).error, { code: 'server_error', message: 'Upstream stream idle for 60 s' });
    assert.equal(lastResponse(failed).output[0]?.status, 'incomplete', 'the open message is listed incomplete');
    assert.deepEqual(feed(t, [text('more'), delta('end_turn'), STOP]), []);
    assert.equal(t.end(), '');
    assert.equal(t.fail('api_error', 'again'), '');
    assert.equal(t.completed, false);
    assert.equal(t.errorType, 'timeout_error');
  });

  it('a complete stream: one response.completed; end() and fail() emit nothing afterwards', () => {
    const t = createResponsesStreamTranslator(answerOptions(settings()));
    const events = feed(t, [START, TEXT_START, text('hi'), stop(0), delta('end_turn'), STOP, STOP]);
    assert.equal(types(events).filter((x) => x === 'response.completed').length, 1);
    assert.equal(t.end(), '');
    assert.equal(t.fail('api_error', 'late'), '');
    assert.equal(t.completed, true);
    assert.equal(t.errorType, undefined);
    assert.equal(t.servedModel, 'claude-sonnet-4-6');
  });

  it('an upstream that sent nothing gets created, in_progress and failed from end()', () => {
    const t = createResponsesStreamTranslator(answerOptions(settings()));
    const events = parseEvents(t.end());
    assert.deepEqual(types(events), ['response.created', 'response.in_progress', 'response.failed']);
    assert.equal(lastResponse(events).error?.message, 'The upstream stream ended before the response was complete');
  });

  it('created comes first even without message_start; message_stop alone completes', () => {
    const t = createResponsesStreamTranslator(answerOptions(settings()));
    const events = feed(t, [TEXT_START, text('x'), STOP]);
    assert.deepEqual(types(events).slice(0, 3), ['response.created', 'response.in_progress', 'response.output_item.added']);
    assert.equal(events.at(-1)?.data.type, 'response.completed');
  });

  it('an unreadable frame and an upstream error event are response.failed with OpenAI codes', () => {
    const a = createResponsesStreamTranslator(answerOptions(settings()));
    const bad = parseEvents(a.frame({ event: 'content_block_delta', data: '{"type":' }));
    assert.deepEqual(lastResponse(bad).error, { code: 'server_error', message: 'Upstream sent an unreadable stream event' });
    const b = createResponsesStreamTranslator(answerOptions(settings()));
    const limited = feed(b, [START, ev({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } })]);
    assert.deepEqual(lastResponse(limited).error, { code: 'rate_limit_exceeded', message: 'slow down' });
    assert.equal(b.errorType, 'rate_limit_error');
  });

  it("a full context window is response.failed with context_length_exceeded (Codex's own wording), not a broken stream", () => {
    const t = createResponsesStreamTranslator(answerOptions(settings()));
    const events = feed(t, [START, TEXT_START, text('x'), stop(0), delta('model_context_window_exceeded'), STOP]);
    assert.equal(events.at(-1)?.data.type, 'response.failed');
    assert.equal(lastResponse(events).error?.code, 'context_length_exceeded');
    assert.equal(t.completed, true);
    assert.equal(t.errorType, undefined);
  });

  it('usage counters are overwritten by later events, never added; reasoning tokens estimated from what is not visible', () => {
    const t = createResponsesStreamTranslator(answerOptions(settings()));
    const thinking = [
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } }),
      stop(0),
      ev({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }),
      text('12345678', 1),
      stop(1),
    ];
    const events = feed(t, [START, ...thinking, delta('end_turn', { input_tokens: 100, output_tokens: 42 }), STOP]);
    assert.deepEqual(lastResponse(events).usage, {
      input_tokens: 150,
      input_tokens_details: { cached_tokens: 50, cache_write_tokens: 0 },
      output_tokens: 42,
      // 8 visible bytes ≈ 2 tokens; the other 40 were thinking.
      output_tokens_details: { reasoning_tokens: 40 },
      total_tokens: 192,
    });
  });

  it('content after the stop reason is not forwarded', () => {
    const t = createResponsesStreamTranslator(answerOptions(settings()));
    feed(t, [START, TEXT_START, text('a'), delta('end_turn')]);
    assert.equal(t.frame(text('late')), '');
    const done = feed(t, [STOP]);
    const message = lastResponse(done).output[0];
    assert.ok(message?.type === 'message');
    assert.equal(message.content[0]?.text, 'a');
  });

  it('without reasoning.summary no summary events; redacted thinking rides in encrypted_content when included', () => {
    const t = createResponsesStreamTranslator(answerOptions(settings({ include: ['reasoning.encrypted_content'] })));
    const events = feed(t, [
      START,
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'secret' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } }),
      stop(0),
      ev({ type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'opaque' } }),
      stop(1),
      delta('end_turn'),
      STOP,
    ]);
    assert.equal(types(events).some((x) => x.startsWith('response.reasoning_summary')), false);
    const [thought, redacted] = lastResponse(events).output;
    assert.ok(thought?.type === 'reasoning' && redacted?.type === 'reasoning');
    assert.deepEqual(thought.summary, []);
    const decoded = responsesRequestToAnthropic({ model: 'gpt-4.1', input: [{ role: 'user', content: 'x' }, thought, redacted] }, OPTS).body.messages[1];
    assert.deepEqual(decoded?.content, [{ type: 'thinking', thinking: 'secret', signature: 'sig' }, { type: 'redacted_thinking', data: 'opaque' }]);
  });
});

describe('stream and JSON answers agree', () => {
  for (const name of ['codex-first-turn', 'hosted-tools', 'max-tokens']) {
    it(`${name}: the terminal event's response equals the JSON answer for the same content`, () => {
      const dir = `${FIXTURES}${name}/`;
      const answer = responsesRequestToAnthropic(JSON.parse(readFileSync(`${dir}request.json`, 'utf8')), {
        ...OPTS,
        models: { 'gpt-4.1': 'claude-sonnet-4-6' },
      }).answer;
      const events = parseEvents(replayResponsesStream([new Uint8Array(readFileSync(`${dir}anthropic-stream.sse`))], answer));
      const json = anthropicResponseToResponses(JSON.parse(readFileSync(`${dir}anthropic-response.json`, 'utf8')) as AnthropicMessagesResponse, answerOptions(answer));
      assert.deepEqual(lastResponse(events), json);
    });
  }
});

describe('thinking survives a tool loop (signature round trip through encrypted_content)', () => {
  it("the answer's items, sent back as input with the call outputs, rebuild Claude's exact assistant turn", () => {
    const dir = `${FIXTURES}codex-tool-loop/`;
    const request = JSON.parse(readFileSync(`${dir}request.json`, 'utf8')) as { input: unknown[] };
    const answer = responsesRequestToAnthropic(request, OPTS).answer;
    const events = parseEvents(replayResponsesStream([new Uint8Array(readFileSync(`${dir}anthropic-stream.sse`))], answer));
    const output = lastResponse(events).output;
    const outputs = output.flatMap((item) => (item.type === 'function_call' ? [{ type: 'function_call_output', call_id: item.call_id, output: 'ok' }] : []));
    const next = responsesRequestToAnthropic({ ...request, input: [...request.input, ...output, ...outputs] }, OPTS).body;
    const original = JSON.parse(readFileSync(`${dir}anthropic-response.json`, 'utf8')) as AnthropicMessagesResponse;
    assert.deepEqual(next.messages.at(-2), { role: 'assistant', content: original.content });
    assert.deepEqual(next.messages.at(-1)?.content, [
      { type: 'tool_result', tool_use_id: 'toolu_02Ls', content: 'ok' },
      { type: 'tool_result', tool_use_id: 'toolu_02Spawn', content: 'ok', cache_control: { type: 'ephemeral' } },
    ]);
  });
});
