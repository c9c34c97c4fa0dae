// Sends one client request upstream, moving to the next upstream on a retryable outcome until
// the commit point. Every answer is checked before it is committed (issue 11): an answer used
// whole (non-streaming, errors, metadata) is read here within the size caps, decoded, parsed and
// classified by its status and words (classify-outcome.ts); a 2xx event stream must be SSE and
// start with message_start (first-event.ts). What fails the check moves on to the next upstream
// and counts against the one that sent it. After the commit point the caller owns a stream's
// body and reports the attempt's final outcome through `finish`.
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { AbortFlag, type AbortSignalLike } from './abort-flag.js';
import type { Clock } from '../domain/clock.js';
import { GatewayError } from '../domain/errors.js';
import type { Attempt, FailureReason, Outcome, RouteRequest, Router } from '../routing/types.js';
import { classifyAnswer, errorTextOf, reasonFromError, retryAfterMs } from './classify-outcome.js';
import { readFirstEvent } from './first-event.js';
import { upstreamRequestHeaders } from './headers.js';
import { DEFAULT_RESPONSE_LIMITS, readWholeAnswer, type ResponseLimits, type WholeAnswer } from './read-answer.js';
import { finalError } from './final-error.js';
import type { UpstreamPools } from './upstream-pools.js';

/** What the proxy needs to know of the client request. */
export interface ForwardInput {
  method: 'GET' | 'POST';
  /** Path below the upstream prefix, e.g. `/v1/messages`. */
  path: string;
  /** Query string including `?`, or ''. */
  search: string;
  headers: IncomingHttpHeaders;
  /** Client headers of which only the upstream's own `forwardHeaders` pass (the OpenAI endpoint's). */
  extraHeadersFrom?: IncomingHttpHeaders;
  /** Body for a given upstream model name (original bytes unless renamed). */
  body: ((upstreamModel: string) => Buffer) | undefined;
  route: RouteRequest;
  /** Aborted when the client goes away. */
  clientSignal: AbortSignalLike;
  /** True for a streaming request: its headers come at once, so the first-byte limit is short. */
  stream: boolean;
  /** A quick metadata call (count_tokens, the model list): `timeouts.metadataMs` bounds each attempt. */
  metadata?: boolean;
  /** What a 2xx must be: a Messages answer (default) or any JSON object (count_tokens, the model list). */
  expect?: 'message' | 'json';
}

/** An error answer larger than this is no error body a client can use. */
export const MAX_ERROR_BODY_BYTES = 1 << 20;

/** One attempt as the access log reports it. */
export interface AttemptLog {
  upstreamId: string;
  status?: number;
  reason?: FailureReason;
  latencyMs: number;
}

/** The upstream answer we committed to. */
export interface Committed {
  kind: 'committed';
  attempt: Attempt;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body from its first byte (for an answer read whole, a stream of `whole.raw`). */
  body: Dispatcher.ResponseData['body'] | Readable;
  /** Set when the answer was read whole (non-streaming and error answers): checked, decoded, parsed. */
  whole?: WholeAnswer;
  attempts: AttemptLog[];
  /** ms from the first attempt's start to these headers. */
  ttfbMs: number;
  /** Reports how the committed attempt ended (exactly once; already done for a whole answer). */
  finish(outcome: Outcome): void;
  /** Aborts the upstream request (client gone, or gateway gave up). */
  abort(): void;
  /** True once the attempt's total timeout fired. */
  totalTimedOut(): boolean;
  /** Outcome of the committed headers, for finishing a successful body. */
  headerOutcome: Outcome;
}

export interface Failed {
  kind: 'failed';
  error: GatewayError;
  attempts: AttemptLog[];
  /** The last attempt's failure when it decides the answer (a broken or invalid body), for the ledger. */
  reason?: FailureReason;
}

export interface ForwardDeps {
  router: Router;
  pools: UpstreamPools;
  clock: Clock;
  /** Caps on upstream answers (server.json `proxy`); the defaults when absent. */
  limits?: ResponseLimits;
}

/** Forwards with failover before the commit point. */
export async function forward(input: ForwardInput, deps: ForwardDeps): Promise<Committed | Failed> {
  const plan = deps.router.plan(input.route);
  const attempts: AttemptLog[] = [];
  const started = deps.clock.now();
  // The last answer about this request only (a model another upstream may have): given to the
  // client when no upstream is left, rather than a 503 that hides what was wrong.
  let lastRefusal: Committed | undefined;
  for (;;) {
    if (input.clientSignal.aborted) return { kind: 'failed', error: new GatewayError('client_closed', 'Client closed the request'), attempts, reason: 'client_aborted' };
    const next = plan.next();
    if (next instanceof GatewayError) {
      // (Its `attempts` is this request's list, with every attempt since.)
      if (lastRefusal) return lastRefusal;
      return finalError(attempts, next);
    }
    const result = await tryAttempt(input, next, deps, plan, attempts, started);
    if (result?.kind === 'committed') return result;
    if (result?.kind === 'refusal') lastRefusal = result.answer;
  }
}

/** Models named by a request: its own and the one sent upstream (kept out of error-word matching). */
function modelsOf(input: ForwardInput, attempt: Attempt): string[] {
  return input.route.model === attempt.upstreamModel ? [input.route.model] : [input.route.model, attempt.upstreamModel];
}

/** The content type says JSON (application/json, +json). */
function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /\bjson\b/i.test(contentType);
}

/** A 2xx read whole: the right content type and shape, or why not. */
function wholeAnswerValid(answer: WholeAnswer, contentType: string | undefined, expect: 'message' | 'json'): boolean {
  if (!isJson(contentType)) return false;
  const json = answer.json;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  if (expect === 'json') return true;
  const message = json as { type?: unknown; content?: unknown };
  return Array.isArray(message.content) && (message.type === undefined || message.type === 'message');
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * A committed answer. A class, not an object literal: its lazy `body` getter lives on the
 * prototype (a literal with an accessor is built the slow way, on every request).
 */
class CommittedAnswer implements Committed {
  readonly kind = 'committed';
  whole?: WholeAnswer;
  #body: Committed['body'] | undefined;

  constructor(
    readonly attempt: Attempt,
    readonly status: number,
    readonly headers: Record<string, string | string[] | undefined>,
    body: Committed['body'] | undefined,
    whole: WholeAnswer | undefined,
    readonly attempts: AttemptLog[],
    readonly ttfbMs: number,
    readonly headerOutcome: Outcome,
    readonly finish: (outcome: Outcome) => void,
    readonly abort: () => void,
    readonly totalTimedOut: () => boolean,
  ) {
    this.#body = body;
    if (whole) this.whole = whole;
  }

  /** The stream; for an answer read whole (rarely wanted as a stream again), made on demand. */
  get body(): Committed['body'] {
    this.#body ??= Readable.from([this.whole?.raw ?? Buffer.alloc(0)]);
    return this.#body;
  }
}

type AttemptResult = Committed | { kind: 'refusal'; answer: Committed } | undefined;

async function tryAttempt(
  input: ForwardInput,
  attempt: Attempt,
  deps: ForwardDeps,
  plan: ReturnType<Router['plan']>,
  attempts: AttemptLog[],
  started: number,
): Promise<AttemptResult> {
  const { upstream } = attempt;
  const { timeouts } = upstream;
  const limits = deps.limits ?? DEFAULT_RESPONSE_LIMITS;
  const flag = new AbortFlag();
  let totalTimedOut = false;
  const totalTimer = setTimeout(() => {
    totalTimedOut = !input.clientSignal.aborted;
    flag.abort(new Error('total timeout'));
  }, input.metadata ? Math.min(timeouts.totalMs, timeouts.metadataMs) : timeouts.totalMs);
  totalTimer.unref();
  const onClientAbort = () => flag.abort(new Error('client aborted'));
  input.clientSignal.once('abort', onClientAbort);
  const cleanup = () => {
    clearTimeout(totalTimer);
    input.clientSignal.off('abort', onClientAbort);
  };
  const t0 = deps.clock.now();
  plan.begin(attempt);
  let ended = false;
  const end = (outcome: Outcome) => {
    if (ended) return;
    ended = true;
    cleanup();
    plan.end(attempt, outcome);
  };
  const timedOut = () => totalTimedOut;
  const failed = (reason: FailureReason, status: number | undefined, latencyMs: number): undefined => {
    attempts.push({ upstreamId: upstream.id, ...(status === undefined ? {} : { status }), reason, latencyMs });
    flag.abort(new Error(reason));
    end(reason === 'client_aborted' ? { kind: 'fatal', reason, latencyMs } : status === undefined ? { kind: 'retryable', reason, latencyMs } : { kind: 'retryable', reason, status, latencyMs });
    return undefined;
  };
  const headersTimeout = input.metadata ? Math.min(timeouts.firstByteMs, timeouts.metadataMs) : input.stream ? timeouts.firstByteMs : Math.max(timeouts.firstByteMs, timeouts.nonStreamingFirstByteMs);
  let res: Dispatcher.ResponseData;
  try {
    res = await deps.pools.get(upstream).request({
      method: input.method,
      path: upstream.pathPrefix + input.path + input.search,
      headers: upstreamRequestHeaders(input.headers, upstream, input.extraHeadersFrom),
      body: input.body?.(attempt.upstreamModel) ?? null,
      signal: flag,
      headersTimeout,
      bodyTimeout: input.metadata ? Math.min(timeouts.idleMs, timeouts.metadataMs) : timeouts.idleMs,
    });
  } catch (err) {
    return failed(reasonFromError(err, input.clientSignal.aborted, totalTimedOut), undefined, deps.clock.now() - t0);
  }
  const status = res.statusCode;
  const contentType = header(res.headers['content-type']);
  const encoding = header(res.headers['content-encoding']);
  const commit = (stream: Committed['body'] | undefined, outcome: Outcome, whole: WholeAnswer | undefined, latencyMs: number): Committed => {
    attempts.push({ upstreamId: upstream.id, status, ...(outcome.kind === 'success' ? {} : { reason: outcome.reason }), latencyMs });
    return new CommittedAnswer(attempt, status, res.headers, stream, whole, attempts, deps.clock.now() - started, outcome, end, () => flag.abort(new Error('aborted by gateway')), timedOut);
  };

  // A 2xx event stream: committed once its first event is checked; its body stays a stream.
  if (status >= 200 && status < 300 && input.stream && !input.metadata) {
    if (!(contentType ?? '').includes('text/event-stream')) {
      res.body.on('error', () => undefined);
      res.body.destroy();
      return failed('invalid_response', status, deps.clock.now() - t0);
    }
    const first = await readFirstEvent(res.body, encoding, limits, input.clientSignal, timedOut);
    const latencyMs = deps.clock.now() - t0;
    if (first.kind === 'failed') return failed(first.reason, status, latencyMs);
    if (first.kind === 'error') {
      const outcome = classifyAnswer(first.status, first.text, modelsOf(input, attempt), latencyMs, undefined);
      if (outcome.kind === 'retryable') return failed(outcome.reason, status, latencyMs);
    }
    return commit(first.body, { kind: 'success', status, latencyMs }, undefined, latencyMs);
  }

  // Everything else is read whole, within the caps, then classified.
  const isError = status < 200 || status >= 300;
  const read = await readWholeAnswer(res.body, encoding, limits, input.clientSignal, timedOut, isError ? MAX_ERROR_BODY_BYTES : limits.maxResponseBytes);
  const now = deps.clock.now();
  const latencyMs = now - t0;
  if (!read.ok) return failed(read.reason, status, latencyMs);
  const { answer } = read;
  let outcome: Outcome;
  if (isError) {
    outcome = classifyAnswer(status, errorTextOf(answer.decoded, answer.json), modelsOf(input, attempt), latencyMs, retryAfterMs(res.headers, now));
  } else if (!wholeAnswerValid(answer, contentType, input.expect ?? 'message')) {
    return failed('invalid_response', status, latencyMs);
  } else {
    outcome = { kind: 'success', status, latencyMs };
  }
  const committed = commit(undefined, outcome, answer, latencyMs);
  if (outcome.kind === 'retryable') {
    end(outcome);
    return outcome.reason === 'model_unavailable' ? { kind: 'refusal', answer: committed } : undefined;
  }
  end(outcome); // the body is complete: the attempt is over
  return committed;
}
