// One request of the soak's mixed traffic — Anthropic or OpenAI, streaming or not, sometimes hung up
// early — and how it ended: answered (any status, in its protocol's shape, a stream properly ended),
// aborted by the client on purpose, or lost (no answer in time, a dropped connection, a broken shape).
import { gunzipSync } from 'node:zlib';
import { request, type Dispatcher } from 'undici';

/** Bytes of a stream's end kept for the check. */
const STREAM_TAIL_BYTES = 8_192;

export type Outcome = { kind: 'answered'; status: number } | { kind: 'aborted' } | { kind: 'lost'; why: string };

export interface TrafficTarget {
  baseUrl: string;
  key: string;
  dispatcher: Dispatcher;
  /** A request not finished after this long is lost. */
  timeoutMs: number;
}

export interface RequestPlan {
  openai: boolean;
  stream: boolean;
  /** Hang up this long after sending, or never. */
  abortAfterMs: number | undefined;
}

function shapeProblem(plan: RequestPlan, status: number, text: string): string | undefined {
  let json: unknown;
  const parse = () => {
    try {
      json = JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };
  if (status !== 200) {
    if (!parse()) return `${status} not JSON`;
    const err = (json as { error?: { message?: unknown } } | null)?.error;
    return typeof err?.message === 'string' ? undefined : `${status} not an error body`;
  }
  if (plan.stream) {
    const tail = text.trimEnd().slice(-400);
    if (plan.openai) return /data: \[DONE\]$/.test(tail) || /data: \{"error":/.test(tail) ? undefined : 'OpenAI stream not ended';
    return /event: message_stop\s*\ndata: [^\n]*$/.test(tail) || /event: error\s*\ndata: [^\n]*$/.test(tail) ? undefined : 'stream not ended';
  }
  if (!parse()) return '200 not JSON';
  const kind = plan.openai ? (json as { object?: unknown }).object : (json as { type?: unknown }).type;
  return kind === (plan.openai ? 'chat.completion' : 'message') ? undefined : '200 not an answer';
}

/** Sends one request and reads its answer to the end. */
export async function sendOne(target: TrafficTarget, plan: RequestPlan): Promise<Outcome> {
  const controller = new AbortController();
  let abortedByUs = false;
  let timedOut = false;
  const abortTimer = plan.abortAfterMs === undefined ? undefined : setTimeout(() => ((abortedByUs = true), controller.abort()), plan.abortAfterMs);
  const timeout = setTimeout(() => ((timedOut = true), controller.abort()), target.timeoutMs);
  const path = plan.openai ? '/openai/v1/chat/completions' : '/anthropic/v1/messages';
  const body = plan.openai
    ? { model: 'gpt-4o', stream: plan.stream, max_tokens: 1000, messages: [{ role: 'user', content: 'Tell me something' }] }
    : { model: 'claude-sonnet-4-6', stream: plan.stream, max_tokens: 1000, messages: [{ role: 'user', content: 'Tell me something' }] };
  try {
    const res = await request(`${target.baseUrl}${path}`, {
      method: 'POST',
      dispatcher: target.dispatcher,
      signal: controller.signal,
      headers: { authorization: `Bearer ${target.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    // A stream is checked by its end: only its last bytes are kept (a stream may be long).
    const chunks: Buffer[] = [];
    let kept = 0;
    for await (const chunk of res.body) {
      chunks.push(chunk as Buffer);
      kept += (chunk as Buffer).length;
      while (plan.stream && kept - chunks[0]!.length > STREAM_TAIL_BYTES) kept -= chunks.shift()!.length;
    }
    let raw = Buffer.concat(chunks);
    if (res.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
    const problem = shapeProblem(plan, res.statusCode, raw.toString('utf8'));
    return problem ? { kind: 'lost', why: problem } : { kind: 'answered', status: res.statusCode };
  } catch (err) {
    if (abortedByUs && !timedOut) return { kind: 'aborted' };
    return { kind: 'lost', why: timedOut ? 'no answer in time' : `connection: ${(err as { code?: string }).code ?? String(err)}` };
  } finally {
    clearTimeout(abortTimer);
    clearTimeout(timeout);
  }
}
