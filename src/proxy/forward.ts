// Sends one client request upstream, moving to the next upstream on a retryable outcome until
// the commit point (response headers of an answer we will pass on). After the commit point the
// caller owns the body; it reports the attempt's final outcome through `finish`.
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { AbortFlag, type AbortSignalLike } from './abort-flag.js';
import type { Clock } from '../domain/clock.js';
import { GatewayError } from '../domain/errors.js';
import type { Attempt, FailureReason, Outcome, RouteRequest, Router } from '../routing/types.js';
import { outcomeFromStatus, reasonFromError, retryAfterMs } from './classify-outcome.js';
import { upstreamRequestHeaders } from './headers.js';
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
}

/** Non-streaming answers arrive in one piece when complete (a 64k-token answer takes minutes). */
export const NON_STREAMING_FIRST_BYTE_MS = 600_000;

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
  body: Dispatcher.ResponseData['body'];
  attempts: AttemptLog[];
  /** ms from the first attempt's start to these headers. */
  ttfbMs: number;
  /** Reports how the committed attempt ended (exactly once). */
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
}

export interface ForwardDeps {
  router: Router;
  pools: UpstreamPools;
  clock: Clock;
}

function toTimeoutError(attempts: AttemptLog[], error: GatewayError): GatewayError {
  // When every failed attempt was a timeout, say so (504) rather than a generic 503.
  const allTimeouts = attempts.length > 0 && attempts.every((a) => a.reason === 'first_byte_timeout' || a.reason === 'connect_timeout' || a.reason === 'total_timeout');
  return allTimeouts && error.code === 'upstreams_unavailable' ? new GatewayError('upstream_timeout', 'Upstream did not answer in time', error.retryAfterSec === undefined ? {} : { retryAfterSec: error.retryAfterSec }) : error;
}

/** Forwards with failover before the commit point. */
export async function forward(input: ForwardInput, deps: ForwardDeps): Promise<Committed | Failed> {
  const plan = deps.router.plan(input.route);
  const attempts: AttemptLog[] = [];
  const started = deps.clock.now();
  for (;;) {
    if (input.clientSignal.aborted) return { kind: 'failed', error: new GatewayError('client_closed', 'Client closed the request'), attempts };
    const next = plan.next();
    if (next instanceof GatewayError) return { kind: 'failed', error: toTimeoutError(attempts, next), attempts };
    const result = await tryAttempt(input, next, deps, plan, attempts, started);
    if (result) return result;
  }
}

async function tryAttempt(
  input: ForwardInput,
  attempt: Attempt,
  deps: ForwardDeps,
  plan: ReturnType<Router['plan']>,
  attempts: AttemptLog[],
  started: number,
): Promise<Committed | undefined> {
  const { upstream } = attempt;
  const flag = new AbortFlag();
  let totalTimedOut = false;
  const totalTimer = setTimeout(() => {
    totalTimedOut = !input.clientSignal.aborted;
    flag.abort(new Error('total timeout'));
  }, upstream.timeouts.totalMs);
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
  try {
    const res = await deps.pools.get(upstream).request({
      method: input.method,
      path: upstream.pathPrefix + input.path + input.search,
      headers: upstreamRequestHeaders(input.headers, upstream, input.extraHeadersFrom),
      body: input.body?.(attempt.upstreamModel) ?? null,
      signal: flag,
      headersTimeout: input.stream ? upstream.timeouts.firstByteMs : Math.max(upstream.timeouts.firstByteMs, NON_STREAMING_FIRST_BYTE_MS),
      bodyTimeout: upstream.timeouts.idleMs,
    });
    const now = deps.clock.now();
    const latencyMs = now - t0;
    const outcome = outcomeFromStatus(res.statusCode, latencyMs, retryAfterMs(res.headers, now));
    if (outcome.kind === 'retryable') {
      attempts.push({ upstreamId: upstream.id, status: res.statusCode, reason: outcome.reason, latencyMs });
      res.body.resume(); // drain so the socket returns to the pool
      res.body.on('error', () => undefined);
      end(outcome);
      return undefined;
    }
    attempts.push({ upstreamId: upstream.id, status: res.statusCode, ...(outcome.kind === 'fatal' ? { reason: outcome.reason } : {}), latencyMs });
    return {
      kind: 'committed',
      attempt,
      status: res.statusCode,
      headers: res.headers,
      body: res.body,
      attempts,
      ttfbMs: now - started,
      headerOutcome: outcome,
      finish: end,
      abort: () => flag.abort(new Error('aborted by gateway')),
      totalTimedOut: () => totalTimedOut,
    };
  } catch (err) {
    const latencyMs = deps.clock.now() - t0;
    const reason = reasonFromError(err, input.clientSignal.aborted, totalTimedOut);
    attempts.push({ upstreamId: upstream.id, reason, latencyMs });
    end(reason === 'client_aborted' ? { kind: 'fatal', reason, latencyMs } : { kind: 'retryable', reason, latencyMs });
    return undefined;
  }
}
