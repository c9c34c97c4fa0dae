// The clients of the upstream fuzz suite and the checks on what each one got: the official
// Anthropic and OpenAI SDKs, and raw fetch on both endpoints (streaming or not, sometimes hanging
// up early). Each call returns what it saw; `problems` lists every way the answer broke the
// protocol, so the property can report all of them at once.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

export type ClientKind = 'anthropic-sdk' | 'anthropic-sdk-stream' | 'openai-sdk' | 'openai-sdk-stream' | 'fetch-anthropic' | 'fetch-openai';

export interface ClientCall {
  kind: ClientKind;
  stream: boolean;
  /** Hang up this many ms after sending (raw fetch only), or never. */
  abortAfterMs: number | undefined;
}

/**
 * A compressed stream passes through compressed; when it breaks, no plain error event can follow
 * the compressed bytes, so the gateway closes the connection instead: a dropped connection is then
 * the clean end, for streams of a compressing upstream only.
 */
export interface CallContext {
  compressed: boolean;
}

/** What one call saw. */
export interface CallResult {
  /** The gateway's request id, when an answer's headers arrived. */
  requestId: string | undefined;
  /** Every text the client received (bodies, error messages), for the key-leak check. */
  texts: string[];
  problems: string[];
}

/** Hard limit per call: every request must be answered (or cleanly closed) well within it. */
export const CALL_TIMEOUT_MS = 10_000;

const MESSAGES = [{ role: 'user' as const, content: 'Hi' }];

function isAnthropicError(body: unknown): boolean {
  const b = body as { type?: unknown; error?: { type?: unknown; message?: unknown } } | null;
  return b?.type === 'error' && typeof b.error?.type === 'string' && typeof b.error.message === 'string';
}

function isOpenaiError(body: unknown): boolean {
  const b = body as { error?: { type?: unknown; message?: unknown } } | null;
  return typeof b?.error?.message === 'string' && typeof b.error.type === 'string';
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Checks a streamed Anthropic answer: it completes (message_stop) or ends with an error event. */
function checkAnthropicStream(text: string, problems: string[]): void {
  const frames = text.split(/\r?\n\r?\n/).filter((f) => f.trim() !== '');
  const last = frames.at(-1) ?? '';
  if (!/^event: message_start/.test(frames[0] ?? '')) problems.push('stream does not start with message_start');
  if (!/^event: (message_stop|error)/.test(last)) problems.push(`stream ends neither with message_stop nor an error event: ${last.slice(0, 120)}`);
  if (/^event: error/.test(last) && !isAnthropicError(parse(last.replace(/^event: error\r?\ndata: /, '')))) problems.push('error event not in Anthropic shape');
}

/** Checks a streamed OpenAI answer: `[DONE]`, or an error line last. */
function checkOpenaiStream(text: string, problems: string[]): void {
  const lines = text.split('\n').filter((l) => l.startsWith('data: '));
  const last = lines.at(-1) ?? '';
  if (last === 'data: [DONE]') return;
  if (!isOpenaiError(parse(last.slice(6)))) problems.push(`OpenAI stream ends neither with [DONE] nor an error line: ${last.slice(0, 120)}`);
}

async function rawFetch(base: string, key: string, call: ClientCall, openai: boolean, ctx: CallContext): Promise<CallResult> {
  const result: CallResult = { requestId: undefined, texts: [], problems: [] };
  const controller = new AbortController();
  const timer = call.abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), call.abortAfterMs);
  const url = openai ? `${base}/openai/v1/chat/completions` : `${base}/anthropic/v1/messages`;
  const body = openai ? { model: 'gpt-4o', stream: call.stream, messages: MESSAGES } : { model: 'claude-sonnet-4-6', max_tokens: 100, stream: call.stream, messages: MESSAGES };
  try {
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: controller.signal });
    result.requestId = res.headers.get('x-ccgate-request-id') ?? undefined;
    const text = await res.text();
    result.texts.push(text);
    const contentType = res.headers.get('content-type') ?? '';
    if (res.status !== 200) {
      const json = parse(text);
      if (!(openai ? isOpenaiError(json) : isAnthropicError(json))) result.problems.push(`${res.status} not in the protocol's error shape: ${text.slice(0, 120)}`);
    } else if (call.stream) {
      if (!contentType.includes('text/event-stream')) result.problems.push(`200 stream with content-type ${contentType}`);
      // A gzip stream passed through as it came is checked by the SDK runs, not here.
      else if (res.headers.get('content-encoding') === null) (openai ? checkOpenaiStream : checkAnthropicStream)(text, result.problems);
    } else {
      const json = parse(text) as { type?: unknown; object?: unknown } | undefined;
      if (res.headers.get('content-encoding') === null && (openai ? json?.object !== 'chat.completion' : json?.type !== 'message')) result.problems.push(`200 that is no answer: ${text.slice(0, 120)}`);
    }
  } catch (err) {
    const cutCompressedStream = ctx.compressed && call.stream && result.requestId !== undefined;
    if (!controller.signal.aborted && !cutCompressedStream) result.problems.push(`connection failed without an answer: ${String(err)}`);
  } finally {
    clearTimeout(timer);
  }
  return result;
}

/** SDK failures that are a proper answer: an HTTP error or a stream's error event, never a dropped or timed-out connection. */
function cleanSdkError(err: unknown, sdk: 'anthropic' | 'openai', cutAllowed: boolean): boolean {
  const errors = sdk === 'anthropic' ? Anthropic : OpenAI;
  if (err instanceof errors.APIConnectionTimeoutError) return false;
  if (cutAllowed) return true;
  return err instanceof errors.APIError && !(err instanceof errors.APIConnectionError);
}

async function sdkCall(base: string, key: string, call: ClientCall, ctx: CallContext): Promise<CallResult> {
  const result: CallResult = { requestId: undefined, texts: [], problems: [] };
  const sdk = call.kind.startsWith('anthropic') ? 'anthropic' : 'openai';
  try {
    if (sdk === 'anthropic') {
      const client = new Anthropic({ apiKey: key, baseURL: `${base}/anthropic`, maxRetries: 0, timeout: CALL_TIMEOUT_MS });
      const params = { model: 'claude-sonnet-4-6', max_tokens: 100, messages: MESSAGES };
      if (call.stream) {
        const { data, response } = await client.messages.stream(params).withResponse();
        result.requestId = response.headers.get('x-ccgate-request-id') ?? undefined;
        const message = await data.finalMessage();
        result.texts.push(JSON.stringify(message));
        if (message.type !== 'message') result.problems.push('stream gave no message');
      } else {
        const { data, response } = await client.messages.create(params).withResponse();
        result.requestId = response.headers.get('x-ccgate-request-id') ?? undefined;
        result.texts.push(JSON.stringify(data));
        if (data.type !== 'message' || !Array.isArray(data.content)) result.problems.push(`200 that is no message: ${JSON.stringify(data).slice(0, 120)}`);
      }
    } else {
      const client = new OpenAI({ apiKey: key, baseURL: `${base}/openai/v1`, maxRetries: 0, timeout: CALL_TIMEOUT_MS });
      if (call.stream) {
        const { data, response } = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: MESSAGES }).withResponse();
        result.requestId = response.headers.get('x-ccgate-request-id') ?? undefined;
        for await (const chunk of data) result.texts.push(JSON.stringify(chunk));
      } else {
        const { data, response } = await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }).withResponse();
        result.requestId = response.headers.get('x-ccgate-request-id') ?? undefined;
        result.texts.push(JSON.stringify(data));
        if (data.object !== 'chat.completion') result.problems.push(`200 that is no completion: ${JSON.stringify(data).slice(0, 120)}`);
      }
    }
  } catch (err) {
    result.texts.push(String(err));
    // The Anthropic SDK reads the stream itself: a compressed stream cut by the gateway ends its read.
    const cutAllowed = ctx.compressed && call.stream && sdk === 'anthropic';
    if (!cleanSdkError(err, sdk, cutAllowed)) result.problems.push(`${sdk} SDK failed without a proper answer: ${String(err)}`);
    const headers = (err as { headers?: Headers }).headers;
    result.requestId ??= headers?.get?.('x-ccgate-request-id') ?? undefined;
  }
  return result;
}

/** Runs one call with the hard time limit. */
export async function runCall(base: string, key: string, call: ClientCall, ctx: CallContext): Promise<CallResult> {
  const work = call.kind.startsWith('fetch') ? rawFetch(base, key, call, call.kind === 'fetch-openai', ctx) : sdkCall(base, key, call, ctx);
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<CallResult>((resolve) => {
    timer = setTimeout(() => resolve({ requestId: undefined, texts: [], problems: [`no answer and no close within ${CALL_TIMEOUT_MS} ms`] }), CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}
