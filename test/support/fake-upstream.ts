// A fake Anthropic upstream that speaks the Messages API wire format (reference/anthropic-wire.md:
// event order, usage fields, error bodies) and can misbehave on demand: 429 with retry-after, 500,
// 529, slow first byte, a stream cut mid-way, a stall, a hang, gzip, mirror-style usage, and the
// dishonest-mirror faults: mirror error messages, HTML or any raw answer with status 200, an
// endless body, a gzip bomb, an SSE line that never ends.
// Behaviour: per instance (`setScenario`, `queue`) or per request (header `x-fake-scenario`, JSON).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { buildMessage, buildStreamEvents, fakeUsage, type FakeUsageStyle } from './fake-messages.js';

/** What the fake does with a request. */
export interface Scenario {
  /** Answer with this status and Anthropic error body instead of a message. */
  status?: number;
  /** `retry-after` seconds on an error answer. */
  retryAfterSec?: number;
  /** Wait before sending headers. */
  delayMs?: number;
  /** Never answer (the connection stays open). */
  hang?: boolean;
  /** Send this many stream events, then destroy the socket. */
  cutAfterEvents?: number;
  /** Send this many stream events, then end the response cleanly (no message_stop). */
  endAfterEvents?: number;
  /** Send this many stream events, then go silent (socket kept open). */
  stallAfterEvents?: number;
  /** Wait between stream events. */
  eventDelayMs?: number;
  /** `full` (current API) or `mirror` (message_delta carries only output_tokens). */
  usage?: FakeUsageStyle;
  /** gzip the answer regardless of accept-encoding. */
  gzip?: boolean;
  /** Replay a recorded .sse file byte for byte. */
  fixture?: string;
  /** Split the answer bytes into chunks of this size (1 = byte by byte). */
  chunkBytes?: number;
  /** Split the answer bytes once at this offset. */
  splitAt?: number;
  /** Non-streaming: send this many bytes of the JSON answer, then destroy the socket. */
  cutJsonAfterBytes?: number;
  /** Answer count_tokens with 404 (mirror without the endpoint). */
  noCountTokens?: boolean;
  /** Text the assistant answers with. */
  text?: string;
  /** Number of text_delta events to split the text into (default 3). */
  deltas?: number;
  /** With `status`: the error body's `error.message` (e.g. a mirror's "余额不足"). */
  errorMessage?: string;
  /** With `status`: the error body's `error.type` (default: the documented type of the status). */
  errorType?: string;
  /** Answer exactly this (any status, headers, body): HTML 200, JSON for a stream, garbage. */
  raw?: { status?: number; headers?: Record<string, string>; body: string };
  /** After the headers of a JSON 200, send JSON-looking bytes forever (until the client leaves). */
  endlessBody?: boolean;
  /** A gzip answer that inflates without end (concatenated gzip members of 1 MiB each). */
  gzipBomb?: boolean;
  /** Streams: after this many events, one `data:` line that never ends (0: before any event). */
  endlessSseLineAfterEvents?: number;
}

/** One request the fake received. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** True when the client closed the connection before the answer ended. */
  clientClosed: boolean;
}

export interface FakeUpstream {
  url: string;
  port: number;
  key: string;
  received: Received[];
  setScenario(s: Scenario): void;
  /** Scenarios used once each, in order, before the default one. */
  queue(...s: Scenario[]): void;
  /** Picks each request's scenario from its JSON body (after the queue, before the default), e.g. random faults for a soak. */
  setPicker(pick: ((body: Record<string, unknown>) => Scenario | undefined) | undefined): void;
  close(): Promise<void>;
  /** Waits until the n-th received request's connection closed or answered (for abort tests). */
  closedPromise(index: number): Promise<void>;
}

function errorType(status: number): string {
  const types: Record<number, string> = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 413: 'request_too_large', 429: 'rate_limit_error', 500: 'api_error', 504: 'timeout_error', 529: 'overloaded_error' };
  return types[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

function sendErrorBody(res: ServerResponse, status: number, message: string, retryAfterSec?: number, type?: string): void {
  const body = JSON.stringify({ type: 'error', error: { type: type ?? errorType(status), message }, request_id: `req_fake_${Date.now()}` });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': 'req_fake' };
  if (retryAfterSec !== undefined) headers['retry-after'] = String(retryAfterSec);
  if (status === 529 || status >= 500) headers['x-should-retry'] = 'true';
  res.writeHead(status, headers).end(body);
}

function chunksOf(buf: Buffer, s: Scenario): Buffer[] {
  if (s.splitAt !== undefined) return [buf.subarray(0, s.splitAt), buf.subarray(s.splitAt)].filter((b) => b.length > 0);
  if (s.chunkBytes) {
    const out: Buffer[] = [];
    for (let i = 0; i < buf.length; i += s.chunkBytes) out.push(buf.subarray(i, i + s.chunkBytes));
    return out;
  }
  return [buf];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function writeChunks(res: ServerResponse, chunks: Buffer[], delayMs: number): Promise<void> {
  for (const c of chunks) {
    if (res.destroyed) return;
    if (!res.write(c)) await new Promise((r) => res.once('drain', r));
    if (delayMs) await sleep(delayMs);
  }
}

/** Writes `piece` again and again, honouring backpressure, until the client goes away. */
async function writeForever(res: ServerResponse, piece: Buffer): Promise<void> {
  while (!res.destroyed && !res.writableEnded) {
    if (!res.write(piece)) {
      await new Promise<void>((r) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          r();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
}

const MIB = 1 << 20;

/** Whole copies of `fill` making at least `bytes` (so repeated events stay well-formed). */
function repeated(fill: string, bytes: number): Buffer {
  return Buffer.from(fill.repeat(Math.ceil(bytes / fill.length)));
}
const bombMembers = new Map<string, Buffer>();
/** One gzip member of 1 MiB of `fill` (a few KiB compressed); members concatenate into one gzip body. */
function gzipBombMember(fill: string): Buffer {
  let member = bombMembers.get(fill);
  if (!member) {
    member = gzipSync(repeated(fill, MIB), { level: 9 });
    bombMembers.set(fill, member);
  }
  return member;
}

/** Headers, an opening that looks like the start of a real answer, then `fill` without end. */
async function answerEndless(res: ServerResponse, headers: Record<string, string>, opening: string, fill: string, gzip: boolean): Promise<void> {
  res.writeHead(200, gzip ? { ...headers, 'content-encoding': 'gzip' } : headers);
  if (gzip) {
    res.write(gzipSync(Buffer.from(opening)));
    await writeForever(res, gzipBombMember(fill));
    return;
  }
  res.write(opening);
  await writeForever(res, repeated(fill, 64 * 1024));
}

async function answerStream(res: ServerResponse, body: Record<string, unknown>, s: Scenario): Promise<void> {
  const gzip = s.gzip === true;
  const headers: Record<string, string> = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': 'req_fake_stream', 'anthropic-ratelimit-requests-remaining': '99' };
  if (gzip) headers['content-encoding'] = 'gzip';
  res.writeHead(200, headers);
  if (s.fixture) {
    const bytes = readFileSync(s.fixture);
    await writeChunks(res, chunksOf(gzip ? gzipSync(bytes) : bytes, s), s.eventDelayMs ?? 0);
    res.end();
    return;
  }
  const events = buildStreamEvents(body, s);
  if (s.endlessSseLineAfterEvents !== undefined) {
    for (const ev of events.slice(0, s.endlessSseLineAfterEvents)) await writeChunks(res, [Buffer.from(ev)], 0);
    res.write('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"');
    await writeForever(res, Buffer.alloc(64 * 1024, 'a'));
    return;
  }
  const limit = s.cutAfterEvents ?? s.stallAfterEvents ?? s.endAfterEvents ?? events.length;
  const sent = events.slice(0, limit).join('');
  if (gzip) {
    await writeChunks(res, chunksOf(gzipSync(Buffer.from(sent)), s), 0);
    res.end();
    return;
  }
  for (const ev of events.slice(0, limit)) {
    await writeChunks(res, chunksOf(Buffer.from(ev), s), 0);
    if (s.eventDelayMs) await sleep(s.eventDelayMs);
  }
  // The events written reach the client before the cut (a destroy drops unflushed writes).
  if (s.cutAfterEvents !== undefined) await new Promise<void>((r) => res.write('', () => r())).then(() => res.socket?.destroy());
  else if (s.stallAfterEvents === undefined) res.end();
}

function answerJson(res: ServerResponse, body: Record<string, unknown>, s: Scenario): void {
  const bytes = Buffer.from(JSON.stringify(buildMessage(body, s)));
  const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': 'req_fake_json' };
  if (s.gzip) headers['content-encoding'] = 'gzip';
  const out = s.gzip ? gzipSync(bytes) : bytes;
  res.writeHead(200, s.cutJsonAfterBytes === undefined ? headers : { ...headers, 'content-length': String(out.length) });
  if (s.cutJsonAfterBytes !== undefined) {
    res.write(out.subarray(0, s.cutJsonAfterBytes), () => res.socket?.destroy());
    return;
  }
  void writeChunks(res, chunksOf(out, s), 0).then(() => res.end());
}

function scenarioFrom(req: IncomingMessage, fallback: Scenario): Scenario {
  const h = req.headers['x-fake-scenario'];
  if (typeof h !== 'string') return fallback;
  return { ...fallback, ...(JSON.parse(h) as Scenario) };
}

function authorized(req: IncomingMessage, key: string): boolean {
  return req.headers['x-api-key'] === key || req.headers['authorization'] === `Bearer ${key}`;
}

/** Starts a fake upstream on 127.0.0.1 and a free port. */
export async function startFakeUpstream(opts: { key?: string; port?: number; pathPrefix?: string; /** Keep `received` (default true; off for long soaks). */ record?: boolean } = {}): Promise<FakeUpstream> {
  const key = opts.key ?? `sk-ant-fake-${Math.random().toString(36).slice(2)}`;
  const prefix = opts.pathPrefix ?? '';
  let scenario: Scenario = {};
  const queued: Scenario[] = [];
  let picker: ((body: Record<string, unknown>) => Scenario | undefined) | undefined;
  const pickFor = (raw: string): Scenario | undefined => {
    if (!picker) return undefined;
    try {
      return picker(JSON.parse(raw) as Record<string, unknown>);
    } catch {
      return undefined;
    }
  };
  const received: Received[] = [];
  const closeWaiters: Array<Promise<void>> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), clientClosed: false };
      if (opts.record !== false) received.push(rec);
      if (opts.record !== false) closeWaiters.push(new Promise((resolve) => res.on('close', () => { rec.clientClosed = !res.writableFinished; resolve(); })));
      void handle(req, res, rec, scenarioFrom(req, queued.shift() ?? pickFor(rec.body) ?? scenario)).catch(() => res.destroy());
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse, rec: Received, s: Scenario): Promise<void> {
    if (s.hang) return;
    if (s.delayMs) await sleep(s.delayMs);
    const path = (req.url ?? '').split('?')[0]!;
    if (!path.startsWith(prefix)) return sendErrorBody(res, 404, `Not found: ${path}`);
    const route = path.slice(prefix.length);
    if (!authorized(req, key)) return sendErrorBody(res, 401, 'invalid x-api-key');
    if (s.raw) return void res.writeHead(s.raw.status ?? 200, s.raw.headers ?? {}).end(s.raw.body);
    if (s.status && s.status >= 400) return sendErrorBody(res, s.status, s.errorMessage ?? `fake ${s.status}`, s.retryAfterSec, s.errorType);
    if (req.method === 'GET' && route === '/v1/models') {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        data: ['claude-opus-4-8', 'claude-sonnet-4-6', 'claude-haiku-4-5'].map((id) => ({ type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' })),
        has_more: false, first_id: 'claude-opus-4-8', last_id: 'claude-haiku-4-5',
      }));
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(rec.body) as Record<string, unknown>;
    } catch {
      return sendErrorBody(res, 400, 'body is not JSON');
    }
    if (req.method === 'POST' && route === '/v1/messages/count_tokens') {
      if (s.noCountTokens) return sendErrorBody(res, 404, 'Not found');
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: fakeUsage('full').input_tokens }));
    }
    if (req.method !== 'POST' || route !== '/v1/messages') return sendErrorBody(res, 404, `Not found: ${route}`);
    if (typeof body['model'] !== 'string' || typeof body['max_tokens'] !== 'number') return sendErrorBody(res, 400, 'model and max_tokens are required');
    const stream = body['stream'] === true;
    if (s.endlessBody || s.gzipBomb) {
      // A stream gets endless well-formed ping events (so only a size cap can stop it); a JSON
      // answer an endless string.
      if (stream) return answerEndless(res, { 'content-type': 'text/event-stream; charset=utf-8' }, buildStreamEvents(body, s)[0]!, 'event: ping\ndata: {"type":"ping"}\n\n', s.gzipBomb === true);
      const opening = '{"id":"msg_fake_0001","type":"message","role":"assistant","content":[{"type":"text","text":"';
      return answerEndless(res, { 'content-type': 'application/json', 'request-id': 'req_fake_json' }, opening, 'a', s.gzipBomb === true);
    }
    if (stream) await answerStream(res, body, s);
    else answerJson(res, body, s);
  }
  server.listen(opts.port ?? 0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    port,
    key,
    received,
    setScenario: (s) => (scenario = s),
    queue: (...s) => queued.push(...s),
    setPicker: (pick) => (picker = pick),
    closedPromise: (i) => closeWaiters[i] ?? Promise.resolve(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
