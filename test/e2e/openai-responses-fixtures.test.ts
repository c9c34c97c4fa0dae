// Every recorded Responses case (test/fixtures/responses/, the golden cases of the translators)
// replayed through the real gateway: the client's request over HTTP, the fake upstream answering
// with the recorded Anthropic answer. The upstream must receive exactly the golden Anthropic
// request, and the client exactly the golden answer or events (ids and time aside); refused
// requests get the golden OpenAI error and reach no upstream. This covers images and PDFs,
// structured output, reasoning carried through encrypted_content, namespaced and hosted tools,
// developer messages and the max_tokens stop, end to end.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TENANT_KEY, type Stack } from '../support/stack.js';
import { everyFake, lastUpstreamBody, startOpenaiStack } from './openai-stack.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/responses/', import.meta.url));
const CASES = readdirSync(FIXTURES).filter((d) => existsSync(join(FIXTURES, d, 'request.json')));
const read = (dir: string, file: string): string => readFileSync(join(FIXTURES, dir, file), 'utf8');
const json = (dir: string, file: string): unknown => JSON.parse(read(dir, file));

/**
 * Ids are random on the gateway and numbered in the fixtures; time is the request's. A stream the
 * gateway finds cut fails with the gateway's own message for a cut answer (the same on every
 * endpoint), where the translator alone, fed a short stream, says the stream ended early: the
 * failed event is compared without its message, which is checked on its own.
 */
function normalised(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), function (this: Record<string, unknown>, key, v: unknown) {
    if (key === 'created_at') return 0;
    if (key === 'message' && this['code'] === 'server_error') return '(the answer is incomplete)';
    if (typeof v === 'string' && /^(resp|msg|rs|fc|ws)_[A-Za-z0-9]+$/.test(v)) return `${v.slice(0, v.indexOf('_'))}_*`;
    return v;
  });
}

/** The `event:`/`data:` frames of an SSE body. */
function sseEvents(text: string): Array<{ event: string | undefined; data: unknown }> {
  return text
    .split('\n\n')
    .filter((f) => f.trim() !== '')
    .map((f) => {
      const lines = f.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}

describe('recorded Responses cases through the gateway', () => {
  let stack: Stack;
  before(async () => {
    // The golden cases' model aliases (test/unit/translate/responses-golden.test.ts).
    stack = await startOpenaiStack({ openai: { models: { 'gpt-5': 'claude-opus-4-8', 'gpt-5-mini': 'claude-haiku-4-5', 'gpt-4.1': 'claude-sonnet-4-6' } } });
  });
  after(() => stack.close());

  for (const name of CASES) {
    test(name, async () => {
      const request = json(name, 'request.json') as Record<string, unknown>;
      const refused = existsSync(join(FIXTURES, name, 'expected-error.json'));
      const stream = request['stream'] === true;
      // Cases recorded for the request side only are answered with the fake's own message.
      const answered = existsSync(join(FIXTURES, name, stream ? 'anthropic-stream.sse' : 'anthropic-response.json'));
      everyFake(stack, refused || !answered ? {} : stream ? { fixture: join(FIXTURES, name, 'anthropic-stream.sse') } : { raw: { status: 200, headers: { 'content-type': 'application/json' }, body: read(name, 'anthropic-response.json') } });
      const sentBefore = stack.fake.received.length;
      try {
        const res = await fetch(`${stack.gw.baseUrl}/openai/v1/responses`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TENANT_KEY}`, 'content-type': 'application/json' },
          body: read(name, 'request.json'),
        });
        const text = await res.text();
        if (refused) {
          const expected = json(name, 'expected-error.json') as { status: number; body: unknown };
          assert.equal(res.status, expected.status);
          assert.deepEqual(JSON.parse(text), expected.body);
          assert.equal(stack.fake.received.length, sentBefore, 'a refused request reaches no upstream');
          return;
        }
        assert.equal(res.status, 200, text.slice(0, 300));
        assert.deepEqual(lastUpstreamBody(stack), json(name, 'anthropic-request.json'), 'the upstream gets the golden Anthropic request');
        if (!answered) return;
        if (text.includes('"response.failed"')) assert.match(text, /the answer is incomplete|stream error|overloaded/i);
        if (stream) assert.deepEqual(normalised(sseEvents(text)), normalised(json(name, 'responses-events.json')));
        else assert.deepEqual(normalised(JSON.parse(text)), normalised(json(name, 'responses-response.json')));
        const meta = json(name, 'case.json') as { warnings?: string[] };
        assert.equal(res.headers.has('x-ccgate-warnings'), (meta.warnings?.length ?? 0) > 0, 'warnings are named in a header exactly when fields were dropped');
      } finally {
        everyFake(stack, {});
      }
    });
  }
});
