// Helpers for the Responses translation tests: deterministic answer options, replaying a recorded
// Anthropic stream through the translator, and parsing the emitted SSE back into events.
import { createSseReader } from '../../src/protocol/sse.js';
import { createResponsesStreamTranslator } from '../../src/translate/anthropic-stream-to-responses.js';
import type { ResponsesAnswerOptions, ResponsesAnswerSettings } from '../../src/translate/responses-answer.js';

/** `created_at` of every answer built in tests. */
export const CREATED_AT = 1750000000;

/** One emitted event as parsed back. */
export interface SentEvent {
  event: string | undefined;
  data: { type: string; sequence_number: number; [key: string]: unknown };
}

/** Deterministic ids: `<kind>_1`, `<kind>_2`, … in the order they are drawn. */
export function answerOptions(settings: ResponsesAnswerSettings): ResponsesAnswerOptions {
  let n = 0;
  return { ...settings, newId: (kind) => `${kind}_${++n}`, createdAt: CREATED_AT };
}

/** Feeds the byte chunks through createSseReader into a fresh translator; returns all output. */
export function replayResponsesStream(chunks: Uint8Array[], settings: ResponsesAnswerSettings): string {
  const translator = createResponsesStreamTranslator(answerOptions(settings));
  let out = '';
  const reader = createSseReader((frame) => {
    out += translator.frame(frame);
  });
  for (const c of chunks) reader.push(c);
  reader.end();
  return out + translator.end();
}

/** The translator's SSE output parsed back into events. */
export function parseEvents(text: string): SentEvent[] {
  const events: SentEvent[] = [];
  const reader = createSseReader((f) => events.push({ event: f.event, data: JSON.parse(f.data) as SentEvent['data'] }));
  reader.push(Buffer.from(text));
  reader.end();
  return events;
}
