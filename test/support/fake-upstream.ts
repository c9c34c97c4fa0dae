// A fake Anthropic upstream that speaks the Messages API wire format (reference/anthropic-wire.md:
// event order, usage fields, error bodies) and can misbehave on demand: 429 with retry-after, 500,
// 529, slow first byte, a stream cut mid-way, a stall, a hang, gzip, mirror-style usage.
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
  close(): Promise<void>;
  /** Waits until the n-th received request's connection closed or answered (for abort tests). */
  closedPromise(index: number): Promise<void>;
}

function errorType(status: number): string {
  const types: Record<number, string> = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 413: 'request_too_large', 429: 'rate_limit_error', 500: 'api_error', 504: 'timeout_error', 529: 'overloaded_error' };
  return types[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

function sendErrorBody(res: ServerResponse, status: number, message: string, retryAfterSec?: number): void {
  const body = JSON.stringify({ type: 'error', error: { type: errorType(status), message }, request_id: `req_fake_${Date.now()}` });
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
  if (s.cutAfterEvents !== undefined) res.socket?.destroy();
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
export async function startFakeUpstream(opts: { key?: string; port?: number; pathPrefix?: string } = {}): Promise<FakeUpstream> {
  const key = opts.key ?? `sk-ant-fake-${Math.random().toString(36).slice(2)}`;
  const prefix = opts.pathPrefix ?? '';
  let scenario: Scenario = {};
  const queued: Scenario[] = [];
  const received: Received[] = [];
  const closeWaiters: Array<Promise<void>> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), clientClosed: false };
      received.push(rec);
      closeWaiters.push(new Promise((resolve) => res.on('close', () => { rec.clientClosed = !res.writableFinished; resolve(); })));
      void handle(req, res, rec, scenarioFrom(req, queued.shift() ?? scenario)).catch(() => res.destroy());
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse, rec: Received, s: Scenario): Promise<void> {
    if (s.hang) return;
    if (s.delayMs) await sleep(s.delayMs);
    const path = (req.url ?? '').split('?')[0]!;
    if (!path.startsWith(prefix)) return sendErrorBody(res, 404, `Not found: ${path}`);
    const route = path.slice(prefix.length);
    if (!authorized(req, key)) return sendErrorBody(res, 401, 'invalid x-api-key');
    if (s.status && s.status >= 400) return sendErrorBody(res, s.status, `fake ${s.status}`, s.retryAfterSec);
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
    if (body['stream'] === true) await answerStream(res, body, s);
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
    closedPromise: (i) => closeWaiters[i] ?? Promise.resolve(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
