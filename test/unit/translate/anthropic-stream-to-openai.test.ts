// State machine edges of the stream translator: failures, cuts, missing events, usage rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SseFrame } from '../../../src/protocol/sse.js';
import { createOpenaiStreamTranslator, type OpenaiStreamTranslator } from '../../../src/translate/anthropic-stream-to-openai.js';

const OPTS = { id: 'chatcmpl-1', created: 1, model: 'gpt-4o', includeUsage: true };

function ev(data: Record<string, unknown>, event: string | undefined = String(data['type'])): SseFrame {
  return { event, data: JSON.stringify(data) };
}
const START = ev({ type: 'message_start', message: { usage: { input_tokens: 100, cache_read_input_tokens: 50, output_tokens: 1 } } });
const TEXT_START = ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
const text = (t: string) => ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } });
const DELTA = ev({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { input_tokens: 100, output_tokens: 42 } });
const STOP = ev({ type: 'message_stop' });

/** Parsed data lines ('[DONE]' kept as a string). */
function lines(out: string): unknown[] {
  return out
    .split('\n\n')
    .filter((l) => l !== '')
    .map((l) => {
      assert.ok(l.startsWith('data: '), l);
      const body = l.slice(6);
      return body === '[DONE]' ? body : JSON.parse(body);
    });
}

function feed(t: OpenaiStreamTranslator, frames: SseFrame[]): string {
  return frames.map((f) => t.frame(f)).join('');
}

describe('createOpenaiStreamTranslator', () => {
  it('fail() ends the stream with one error line; later frames, end() and fail() emit nothing', () => {
    const t = createOpenaiStreamTranslator(OPTS);
    feed(t, [START, TEXT_START, text('hi')]);
    const out = t.fail('overloaded_error', 'Upstream connection lost');
    assert.deepEqual(lines(out), [{ error: { message: 'Upstream connection lost', type: 'server_error', param: null, code: 'overloaded_error' } }]);
    assert.equal(feed(t, [text('more'), DELTA, STOP]), '');
    assert.equal(t.end(), '');
    assert.equal(t.fail('api_error', 'again'), '');
    assert.equal(t.completed, false);
  });

  it('a complete stream: [DONE] once, end() and fail() emit nothing afterwards', () => {
    const t = createOpenaiStreamTranslator(OPTS);
    const out = feed(t, [START, TEXT_START, text('hi'), DELTA, STOP, STOP]);
    assert.equal(out.split('data: [DONE]').length - 1, 1);
    assert.equal(t.end(), '');
    assert.equal(t.fail('api_error', 'late'), '');
    assert.equal(t.completed, true);
  });

  it('cut after message_delta: the finish chunk was sent, end() still reports an error and no [DONE]', () => {
    const t = createOpenaiStreamTranslator(OPTS);
    const out = feed(t, [START, TEXT_START, text('hi'), DELTA]) + t.end();
    const parsed = lines(out);
    assert.ok(!parsed.includes('[DONE]'));
    assert.equal((parsed.at(-2) as { choices: Array<{ finish_reason: string }> }).choices[0]?.finish_reason, 'stop');
    assert.equal((parsed.at(-1) as { error: { type: string } }).error.type, 'server_error');
  });

  it('an upstream that sent nothing gets only an error line from end()', () => {
    const t = createOpenaiStreamTranslator(OPTS);
    assert.equal(lines(t.end()).length, 1);
  });

  it('role chunk comes first even without message_start; message_stop alone implies finish_reason stop', () => {
    const t = createOpenaiStreamTranslator({ ...OPTS, includeUsage: false });
    const parsed = lines(feed(t, [TEXT_START, text('x'), STOP])) as Array<Record<string, unknown>>;
    assert.deepEqual(parsed.map((p) => (p === ('[DONE]' as unknown) ? p : (p['choices'] as unknown[])[0])), [
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null },
      { index: 0, delta: { content: 'x' }, finish_reason: null },
      { index: 0, delta: {}, finish_reason: 'stop' },
      '[DONE]',
    ]);
    assert.equal('usage' in (parsed[0] as object), false, 'no usage field unless include_usage');
  });

  it('usage counters are overwritten by later events, never added', () => {
    const t = createOpenaiStreamTranslator(OPTS);
    const parsed = lines(feed(t, [START, TEXT_START, text('x'), DELTA, STOP]));
    assert.deepEqual(parsed.at(-2), {
      id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [],
      usage: { prompt_tokens: 150, completion_tokens: 42, total_tokens: 192, prompt_tokens_details: { cached_tokens: 50 } },
    });
    assert.equal(t.usage.inputTokens, 100);
    assert.equal(t.usage.outputTokens, 42);
    assert.equal(t.usage.cacheReadTokens, 50);
  });

  it('reads the event type from data when the frame has no event name; ping and unknown events emit nothing', () => {
    const t = createOpenaiStreamTranslator(OPTS);
    feed(t, [START, TEXT_START]);
    assert.equal(lines(t.frame({ event: undefined, data: JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'y' } }) })).length, 1);
    assert.equal(t.frame(ev({ type: 'ping' })), '');
    assert.equal(t.frame(ev({ type: 'future_event', foo: 1 })), '');
  });

  it('an unreadable frame is an upstream error', () => {
    const t = createOpenaiStreamTranslator(OPTS);
    const parsed = lines(t.frame({ event: 'content_block_delta', data: '{"type":' }));
    assert.deepEqual(parsed, [{ error: { message: 'Upstream sent an unreadable stream event', type: 'server_error', param: null, code: 'api_error' } }]);
  });

  it('an upstream rate limit error keeps OpenAI rate-limit type and code', () => {
    const t = createOpenaiStreamTranslator(OPTS);
    const out = t.frame(ev({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }));
    assert.deepEqual(lines(out), [{ error: { message: 'slow down', type: 'rate_limit_exceeded', param: null, code: 'rate_limit_exceeded' } }]);
  });

  it('content after finish_reason is not forwarded', () => {
    const t = createOpenaiStreamTranslator(OPTS);
    feed(t, [START, TEXT_START, DELTA]);
    assert.equal(t.frame(text('late')), '');
  });
});
