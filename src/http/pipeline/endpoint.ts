// What an endpoint contributes to the request pipeline (run-endpoint.ts): its protocol adapter.
// Parsing the client's request into the Anthropic request, how it goes upstream, and rendering the
// committed answer in the endpoint's shape. Authentication, admission, routing with failover, the
// usage tap's rules and settlement are the pipeline's, the same for every endpoint.
import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayConfig } from '../../config/types.js';
import type { Committed } from '../../proxy/forward.js';
import type { RequestContext } from '../context.js';
import type { Protocol } from '../respond.js';
import type { Ending } from './settle.js';

/** A client request as the adapter read it. */
export interface PreparedRequest {
  /** The Anthropic Messages request sent upstream (admission prices it; the clamp rewrites it); only the `reads` keys when the endpoint has them. */
  request: Record<string, unknown>;
  /** Its bytes: the client's own on the Anthropic endpoint (sent untouched), else serialised. */
  body: Buffer;
  /** What the ledger records as requested (an OpenAI alias, or the Claude model itself). */
  modelRequested: string;
  /** The Claude model: allow-list, routing, pricing. */
  model: string;
  /** Served model to record before the upstream names one (undefined: the answer tells). */
  modelServed?: string;
  stream: boolean;
  /** Sticky-routing key, already length-checked. */
  sessionKey: string | undefined;
}

/**
 * A prepared request past admission: everything but the parsed tree. The pipeline drops the tree
 * once admission and the clamp have read it, so a 72 KB Claude Code prompt's objects die young
 * instead of being copied by every scavenge, and promoted, while the answer streams (measured:
 * ~140 µs of CPU per such request at 50 connections). What needs the request later reads `body`.
 */
export type Forwarded<P extends PreparedRequest> = Omit<P, 'request'>;

/** The request past admission, parsed again from its bytes (already checked JSON): for the rare stage that needs it (a model rename, a local token estimate). */
export function reparsedRequest(p: Pick<PreparedRequest, 'body'>): Record<string, unknown> {
  return JSON.parse(p.body.toString('utf8')) as Record<string, unknown>;
}

/** How a prepared request goes upstream. */
export interface UpstreamCall {
  path: string;
  /** Query string including `?`, or ''. */
  search: string;
  headers: IncomingHttpHeaders;
  extraHeadersFrom?: IncomingHttpHeaders;
  /** A quick metadata call (ForwardInput.metadata). */
  metadata?: boolean;
  /** What a 2xx must be (ForwardInput.expect). */
  expect?: 'message' | 'json';
}

/** One endpoint's protocol adapter. */
export interface Endpoint<P extends PreparedRequest = PreparedRequest> {
  /** The ledger's endpoint column. */
  ledger: Ending['endpoint'];
  /** Shape of the endpoint's errors. */
  protocol: Exclude<Protocol, 'plain'>;
  /** Top-level keys the gateway acts on: each must appear once (json-scan.ts). */
  uniqueKeys: ReadonlySet<string>;
  /**
   * Every top-level key `prepare` and admission read, when that is all the endpoint needs of the
   * body (the Anthropic one: its bytes go upstream as sent): only these values are parsed, after
   * the whole body is checked. Absent: the whole tree is parsed (the translating endpoints).
   */
  reads?: ReadonlySet<string>;
  /** Rate, concurrency and budget admission; false for free calls (count_tokens). */
  admits: boolean;
  /** No ledger row (free metadata calls): the access log still has the request. */
  skipLedger?: boolean;
  /** Throws when the endpoint is switched off; runs before authentication. */
  check?(config: GatewayConfig): void;
  /** Reads the client's JSON into the Anthropic request; throws 400s that name the field. */
  prepare(ctx: RequestContext, json: Record<string, unknown>, raw: Buffer): P;
  /** Path, query and headers of the upstream request. */
  upstream(ctx: RequestContext, p: Forwarded<P>): UpstreamCall;
  /** Renders the committed answer in the endpoint's shape; settles before the last byte. */
  answer(ctx: RequestContext, committed: Committed, p: Forwarded<P>, ending: Ending): Promise<void>;
}
