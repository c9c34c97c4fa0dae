// Replays every case under test/fixtures/openai/: request translation, response translation, and
// stream translation fed whole, split at every byte offset, and byte by byte through the SSE reader.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GatewayError } from '../../../src/domain/errors.js';
import type { AnthropicMessagesResponse } from '../../../src/protocol/anthropic-types.js';
import { openaiErrorBody } from '../../../src/protocol/openai-errors.js';
import { createSseReader } from '../../../src/protocol/sse.js';
import { anthropicResponseToOpenai } from '../../../src/translate/anthropic-response-to-openai.js';
import { createOpenaiStreamTranslator } from '../../../src/translate/anthropic-stream-to-openai.js';
import { openaiRequestToAnthropic, type OpenaiRequestOptions } from '../../../src/translate/openai-request-to-anthropic.js';

// Tests run from dist/test/unit/translate/; fixtures stay in the source tree.
const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/openai/', import.meta.url));
const ID = 'chatcmpl-fixture';
const CREATED = 1750000000;
const OPTIONS: OpenaiRequestOptions = {
  models: { 'gpt-4o': 'claude-sonnet-4-6', 'gpt-4o-mini': 'claude-haiku-4-5', 'o3': 'claude-opus-4-8' },
  defaultModel: undefined,
  defaultMaxTokens: 4096,
};

interface CaseMeta {
  description: string;
  warnings?: string[];
}

function readJson(dir: string, name: string): unknown {
  return JSON.parse(readFileSync(join(dir, name), 'utf8'));
}

/** Feeds the byte chunks through createSseReader into a fresh translator; returns all output. */
function replay(chunks: Uint8Array[], model: string, includeUsage: boolean): string {
  const translator = createOpenaiStreamTranslator({ id: ID, created: CREATED, model, includeUsage });
  let out = '';
  const reader = createSseReader((frame) => {
    out += translator.frame(frame);
  });
  for (const c of chunks) reader.push(c);
  reader.end();
  return out + translator.end();
}

function checkStream(dir: string, model: string, includeUsage: boolean): void {
  const bytes = new Uint8Array(readFileSync(join(dir, 'anthropic-stream.sse')));
  const expected = readFileSync(join(dir, 'openai-chunks.txt'), 'utf8');

  it('stream: whole body gives the expected data lines', () => {
    assert.equal(replay([bytes], model, includeUsage), expected);
  });
  it('stream: same output when split in two at every byte offset', () => {
    for (let k = 1; k < bytes.length; k++) {
      const got = replay([bytes.subarray(0, k), bytes.subarray(k)], model, includeUsage);
      if (got !== expected) assert.equal(got, expected, `split at byte ${k}`);
    }
  });
  it('stream: same output when fed one byte at a time', () => {
    const single = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    assert.equal(replay(single, model, includeUsage), expected);
  });
  it('stream: expected lines are well-formed and end with [DONE] xor an error', () => {
    const lines = expected.split('\n\n').filter((l) => l !== '');
    const done = lines.filter((l) => l === 'data: [DONE]').length;
    const last = lines.at(-1) ?? '';
    const errorLast = last !== 'data: [DONE]' && 'error' in (JSON.parse(last.slice(6)) as object);
    assert.equal(done + (errorLast ? 1 : 0), 1, 'exactly one terminator');
    for (const l of lines.slice(0, -1)) assert.ok(l.startsWith('data: {"id":"chatcmpl-fixture"'), l);
  });
}

function runCase(name: string): void {
  const dir = join(FIXTURES, name);
  const meta = readJson(dir, 'case.json') as CaseMeta;
  const body = readJson(dir, 'openai-request.json');
  describe(`${name}: ${meta.description}`, () => {
    if (existsSync(join(dir, 'expected-error.json'))) {
      it('request is refused with the expected status and OpenAI error body', () => {
        let caught: unknown;
        try {
          openaiRequestToAnthropic(body, OPTIONS);
        } catch (e) {
          caught = e;
        }
        assert.ok(caught instanceof GatewayError, 'a GatewayError');
        assert.deepEqual({ status: caught.status, body: openaiErrorBody(caught) }, readJson(dir, 'expected-error.json'));
      });
      return;
    }
    const translated = openaiRequestToAnthropic(body, OPTIONS);
    it('request translates to the expected Anthropic body and warnings', () => {
      assert.deepEqual(translated.request, readJson(dir, 'anthropic-request.json'));
      assert.deepEqual(translated.warnings, meta.warnings ?? []);
    });
    if (existsSync(join(dir, 'anthropic-response.json'))) {
      it('response translates to the expected chat.completion', () => {
        const resp = readJson(dir, 'anthropic-response.json') as AnthropicMessagesResponse;
        const got = anthropicResponseToOpenai(resp, { id: ID, created: CREATED, model: translated.requestedModel });
        assert.deepEqual(got, readJson(dir, 'openai-response.json'));
      });
    }
    if (existsSync(join(dir, 'anthropic-stream.sse'))) checkStream(dir, translated.requestedModel, translated.includeUsage);
  });
}

const cases = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

it('fixture directory holds the golden cases', () => {
  assert.ok(cases.length >= 10, `found ${cases.length} cases`);
});
for (const name of cases) runCase(name);
