// Every failure the gateway itself produces has a stable code, listed once here; the edge renders
// it in the client's protocol (src/protocol/*-errors.ts). Keep README "Errors" in step with this.

/** Stable gateway error codes. */
export type ErrorCode =
  | 'invalid_request' // 400: body or field the gateway cannot accept
  | 'unauthenticated' // 401: missing or unknown tenant key
  | 'tenant_disabled' // 403
  | 'forbidden' // 403: not allowed this (another tenant's data, an admin route, a cross-origin write, /metrics without its token)
  | 'model_not_allowed' // 403: model outside the tenant's allow-list
  | 'not_found' // 404: unknown route or model
  | 'request_timeout' // 408: the request body stopped arriving
  | 'conflict' // 409: the change clashes with the config files as they are (invalid by hand, id taken)
  | 'request_too_large' // 413
  | 'rate_limited' // 429: requests per minute / concurrency
  | 'budget_exceeded' // 429: a spend window is used up
  | 'no_upstream' // 503: nothing configured or nothing serves the model
  | 'upstreams_unavailable' // 503 (or 429): every candidate failed or is cooling down
  | 'upstream_timeout' // 504
  | 'upstream_error' // 502: upstream broke the protocol or the connection
  | 'login_throttled' // 429: too many admin login attempts
  | 'client_closed' // 499 (nginx's code): the client left before the first byte of the answer
  | 'internal'; // 500

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  tenant_disabled: 403,
  forbidden: 403,
  model_not_allowed: 403,
  not_found: 404,
  request_timeout: 408,
  conflict: 409,
  request_too_large: 413,
  rate_limited: 429,
  budget_exceeded: 429,
  no_upstream: 503,
  upstreams_unavailable: 503,
  upstream_timeout: 504,
  upstream_error: 502,
  login_throttled: 429,
  client_closed: 499,
  internal: 500,
};

/** Extra facts an error may carry for the client. */
export interface GatewayErrorDetails {
  /** Seconds after which a retry may succeed; sent as `retry-after`. */
  retryAfterSec?: number;
  /** The offending request field (OpenAI's `param`). */
  param?: string;
  /** Overrides the default status of the code (e.g. 429 when all upstreams are rate limited). */
  status?: number;
}

/** An expected failure with a stable code; rendered per protocol at the edge. */
export class GatewayError extends Error {
  readonly status: number;
  readonly retryAfterSec: number | undefined;
  readonly param: string | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: GatewayErrorDetails = {},
  ) {
    super(message);
    this.name = 'GatewayError';
    this.status = details.status ?? STATUS[code];
    this.retryAfterSec = details.retryAfterSec;
    this.param = details.param;
  }
}

/** Turns anything thrown into a GatewayError without leaking internals to the client. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  return new GatewayError('internal', 'Internal gateway error');
}
