// Replays every case under test/fixtures/responses/: request translation (or its 400/404), the
// JSON answer, and the stream fed whole, split in two at every byte offset, and byte by byte.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GatewayError } from '../../../src/domain/errors.js';
import type { AnthropicMessagesResponse } from '../../../src/protocol/anthropic-types.js';
import { openaiErrorBody } from '../../../src/protocol/openai-errors.js';
import { anthropicResponseToResponses } from '../../../src/translate/anthropic-response-to-responses.js';
import type { ResponsesAnswerSettings } from '../../../src/translate/responses-answer.js';
import { responsesRequestToAnthropic, type ResponsesRequestOptions } from '../../../src/translate/responses-request-to-anthropic.js';
import { answerOptions, parseEvents, replayResponsesStream as replay, type SentEvent } from '../../support/responses-replay.js';

// Tests run from dist/test/unit/translate/; fixtures stay in the source tree.
const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/responses/', import.meta.url));
const OPTIONS: ResponsesRequestOptions = {
  models: { 'gpt-5': 'claude-opus-4-8', 'gpt-5-mini': 'claude-haiku-4-5', 'gpt-4.1': 'claude-sonnet-4-6' },
  defaultModel: undefined,
  defaultMaxOutputTokens: 32000,
};

interface CaseMeta {
  description: string;
  warnings?: string[];
  sessionKey?: string;
  toolNames?: Record<string, { namespace?: string; name: string }>;
}

function readJson(dir: string, name: string): unknown {
  return JSON.parse(readFileSync(join(dir, name), 'utf8'));
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** What every stream must satisfy, whatever its content. */
function checkInvariants(events: SentEvent[]): void {
  assert.deepEqual(events.map((e) => e.data.sequence_number), events.map((_, i) => i), 'sequence numbers 0, 1, 2, …');
  for (const e of events) assert.equal(e.event, e.data.type, 'event name = data.type');
  assert.equal(events[0]?.data.type, 'response.created', 'created first (the SDK requires it)');
  assert.equal(events.filter((e) => TERMINAL.has(e.data.type)).length, 1, 'exactly one terminal event');
  const last = events.at(-1)!;
  assert.ok(TERMINAL.has(last.data.type), 'the terminal event is last');
  const added = events.filter((e) => e.data.type === 'response.output_item.added').map((e) => e.data['output_index']);
  const done = events.filter((e) => e.data.type === 'response.output_item.done');
  assert.deepEqual(added, added.map((_, i) => i), 'items are added at output_index 0, 1, 2, …');
  if (last.data.type !== 'response.failed') {
    assert.deepEqual(done.map((e) => e.data['output_index']).sort(), added, 'every item is done (Codex builds history from these)');
    const output = (last.data['response'] as { output: unknown[] }).output;
    for (const e of done) assert.deepEqual(output[e.data['output_index'] as number], e.data['item'], 'terminal output holds the done items');
  }
}

function checkStream(dir: string, settings: ResponsesAnswerSettings): void {
  const bytes = new Uint8Array(readFileSync(join(dir, 'anthropic-stream.sse')));
  const expected = readJson(dir, 'responses-events.json');
  const whole = replay([bytes], settings);

  it('stream: whole body gives the expected events', () => {
    assert.deepEqual(parseEvents(whole), expected);
  });
  it('stream: same bytes out when split in two at every byte offset', () => {
    for (let k = 1; k < bytes.length; k++) {
      const got = replay([bytes.subarray(0, k), bytes.subarray(k)], settings);
      if (got !== whole) assert.equal(got, whole, `split at byte ${k}`);
    }
  });
  it('stream: same bytes out when fed one byte at a time', () => {
    assert.equal(replay(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)), settings), whole);
  });
  it('stream: sequence numbers, created first, one terminal event last, every item done', () => {
    checkInvariants(parseEvents(whole));
  });
}

function runCase(name: string): void {
  const dir = join(FIXTURES, name);
  const meta = readJson(dir, 'case.json') as CaseMeta;
  const body = readJson(dir, 'request.json');
  describe(`${name}: ${meta.description}`, () => {
    if (existsSync(join(dir, 'expected-error.json'))) {
      it('request is refused with the expected status and OpenAI error body', () => {
        let caught: unknown;
        try {
          responsesRequestToAnthropic(body, OPTIONS);
        } catch (e) {
          caught = e;
        }
        assert.ok(caught instanceof GatewayError, 'a GatewayError');
        assert.deepEqual({ status: caught.status, body: openaiErrorBody(caught) }, readJson(dir, 'expected-error.json'));
      });
      return;
    }
    const translated = responsesRequestToAnthropic(body, OPTIONS);
    it('request translates to the expected Anthropic body, warnings, tool names and session key', () => {
      assert.deepEqual(translated.body, readJson(dir, 'anthropic-request.json'));
      assert.deepEqual(translated.warnings, meta.warnings ?? []);
      assert.deepEqual(Object.fromEntries(translated.toolNames), meta.toolNames ?? {});
      assert.equal(translated.sessionKey, meta.sessionKey);
    });
    if (existsSync(join(dir, 'anthropic-response.json'))) {
      it('JSON answer translates to the expected response object', () => {
        const resp = readJson(dir, 'anthropic-response.json') as AnthropicMessagesResponse;
        assert.deepEqual(anthropicResponseToResponses(resp, answerOptions(translated.answer)), readJson(dir, 'responses-response.json'));
      });
    }
    if (existsSync(join(dir, 'anthropic-stream.sse'))) checkStream(dir, translated.answer);
  });
}

const cases = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

it('fixture directory holds the Responses golden cases', () => {
  assert.ok(cases.length >= 20, `found ${cases.length} cases`);
});
for (const name of cases) runCase(name);
