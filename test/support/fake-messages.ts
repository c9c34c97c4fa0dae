// Messages and stream events the fake upstream answers with, in Anthropic's documented shapes.
// Usage numbers are fixed so tests can assert exact sums and costs.
import type { Scenario } from './fake-upstream.js';

export type FakeUsageStyle = 'full' | 'mirror';

/** The usage every fake answer reports (final values). */
export function fakeUsage(_style: FakeUsageStyle = 'full') {
  return {
    input_tokens: 25,
    cache_creation_input_tokens: 100,
    cache_read_input_tokens: 200,
    cache_creation: { ephemeral_5m_input_tokens: 40, ephemeral_1h_input_tokens: 60 },
    output_tokens: 12,
    service_tier: 'standard',
  };
}

export const FAKE_TEXT = 'Hello from the fake upstream! 你好 👋';
export const FAKE_TOOL_INPUT = { location: 'Paris', unit: 'celsius' };
/** A long answer for benchmarks: split into `deltas` events of ~20 characters. */
const LONG_TEXT = 'The quick brown fox jumps over the lazy dog while a gateway streams tokens. '.repeat(200);

export const FAKE_THINKING = 'Let me think about this carefully.';

type Json = Record<string, unknown>;

function wantsTool(body: Json): { name: string } | undefined {
  const tools = body['tools'];
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const messages = body['messages'];
  const last = Array.isArray(messages) ? (messages.at(-1) as Json | undefined) : undefined;
  const content = last?.['content'];
  if (Array.isArray(content) && content.some((b) => (b as Json)['type'] === 'tool_result')) return undefined;
  const first = tools[0] as Json;
  return { name: String(first['name'] ?? 'tool') };
}

function wantsThinking(body: Json): boolean {
  const t = body['thinking'] as Json | undefined;
  return t?.['type'] === 'enabled' || t?.['type'] === 'adaptive';
}

function blocks(body: Json, s: Scenario): Json[] {
  const out: Json[] = [];
  if (wantsThinking(body)) out.push({ type: 'thinking', thinking: FAKE_THINKING, signature: 'sig_fake_abc123' });
  const tool = wantsTool(body);
  if (tool) {
    out.push({ type: 'text', text: 'Let me check.' });
    out.push({ type: 'tool_use', id: 'toolu_fake_01', name: tool.name, input: FAKE_TOOL_INPUT });
  } else {
    out.push({ type: 'text', text: s.text ?? (s.deltas ? LONG_TEXT.slice(0, s.deltas * 20) : FAKE_TEXT) });
  }
  return out;
}

function stopReason(body: Json): string {
  return wantsTool(body) ? 'tool_use' : 'end_turn';
}

/** A complete non-streaming Messages answer. */
export function buildMessage(body: Json, s: Scenario): Json {
  return {
    id: 'msg_fake_0001',
    type: 'message',
    role: 'assistant',
    model: String(body['model']),
    content: blocks(body, s),
    stop_reason: stopReason(body),
    stop_sequence: null,
    usage: fakeUsage(s.usage),
  };
}

function frame(event: string, data: Json): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function pieces(text: string, count = 3): string[] {
  const chars = [...text];
  const size = Math.max(1, Math.ceil(chars.length / count));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

function blockEvents(block: Json, index: number, deltas: number | undefined): string[] {
  const out: string[] = [];
  switch (block['type']) {
    case 'text':
      out.push(frame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
      for (const p of pieces(String(block['text']), deltas)) out.push(frame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: p } }));
      break;
    case 'thinking':
      out.push(frame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      for (const p of pieces(String(block['thinking']))) out.push(frame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: p } }));
      out.push(frame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: String(block['signature']) } }));
      break;
    case 'tool_use': {
      out.push(frame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block['id'], name: block['name'], input: {} } }));
      out.push(frame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } }));
      for (const p of pieces(JSON.stringify(block['input']))) out.push(frame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: p } }));
      break;
    }
    default:
      break;
  }
  out.push(frame('content_block_stop', { type: 'content_block_stop', index }));
  return out;
}

/** The SSE frames of a streamed answer, in the documented order. */
export function buildStreamEvents(body: Json, s: Scenario): string[] {
  const usage = fakeUsage(s.usage);
  const startUsage = { ...usage, output_tokens: 1 };
  const message = { id: 'msg_fake_0001', type: 'message', role: 'assistant', model: String(body['model']), content: [], stop_reason: null, stop_sequence: null, usage: startUsage };
  const events = [frame('message_start', { type: 'message_start', message }), frame('ping', { type: 'ping' })];
  blocks(body, s).forEach((b, i) => events.push(...blockEvents(b, i, s.deltas)));
  const deltaUsage = s.usage === 'mirror' ? { output_tokens: usage.output_tokens } : usage;
  events.push(frame('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason(body), stop_sequence: null }, usage: deltaUsage }));
  events.push(frame('message_stop', { type: 'message_stop' }));
  return events;
}
