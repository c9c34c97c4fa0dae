// The contract between the proxy and routing. The proxy asks for a plan per request, takes
// attempts from it one at a time, and reports every attempt's outcome back; routing owns which
// upstream comes next (balancer, priority tiers, sticky session, cooldowns, panic mode).
import type { UpstreamConfig } from '../config/types.js';
import type { GatewayError } from '../domain/errors.js';

/** Why an attempt failed, as the health tracker and access log see it. */
export type FailureReason =
  | 'connect_error'
  | 'connect_timeout'
  | 'first_byte_timeout'
  | 'idle_timeout'
  | 'total_timeout'
  | 'stream_cut'
  | 'rate_limited' // 429
  | 'overloaded' // 529
  | 'server_error' // 5xx
  | 'auth_rejected' // 401, or 403 about the key: the upstream's key is wrong or expired
  | 'account_refused' // the upstream's account is out of balance or quota (any status, by its message)
  | 'model_unavailable' // 404 model not found / 403 no access to the model: another upstream may serve it
  | 'invalid_response' // a 2xx (or 3xx) that is not the protocol: HTML, not JSON, not SSE, bad first event
  | 'response_too_large' // past a cap: body, decompressed size or one SSE frame
  | 'client_error' // other 4xx: the request itself is at fault, not the upstream
  | 'client_aborted';

/** Result of one attempt. Expected failures are values, not exceptions. */
export type Outcome =
  | { kind: 'success'; status: number; latencyMs: number }
  | {
      kind: 'retryable';
      reason: FailureReason;
      status?: number;
      /** From the upstream's retry-after, when it sent one. */
      retryAfterMs?: number;
      latencyMs: number;
    }
  | { kind: 'fatal'; reason: FailureReason; status?: number; latencyMs: number };

/** One attempt the plan hands out. */
export interface Attempt {
  upstream: UpstreamConfig;
  /** Model name to send upstream (after the upstream's renaming rule). */
  upstreamModel: string;
  /** How routing chose it, for the access log and metrics; absent on attempts built elsewhere. */
  via?: AttemptVia;
}

/** `sticky`: the session's bound upstream; `balancer`: the strategy's pick; `panic`: every candidate was cooling down, this one recovers soonest. */
export type AttemptVia = 'sticky' | 'balancer' | 'panic';

/** What routing needs to know about a request. */
export interface RouteRequest {
  tenantId: string;
  model: string;
  /** Conversation key for sticky routing, if the request carries one. */
  sessionKey: string | undefined;
  /** The call names no model (the model list): every enabled upstream is a candidate. */
  anyUpstream?: boolean;
}

/** The attempts of one request, in order. */
export interface AttemptPlan {
  /** The next upstream to try, or a GatewayError saying why there is none (503/429 with retry-after). */
  next(): Attempt | GatewayError;
  /** Marks the start of an attempt (in-flight count for least_connections). */
  begin(attempt: Attempt): void;
  /** Reports how the attempt ended; must be called exactly once after begin(). */
  end(attempt: Attempt, outcome: Outcome): void;
}

/** Routing as the proxy sees it. */
export interface Router {
  plan(req: RouteRequest): AttemptPlan;
}
