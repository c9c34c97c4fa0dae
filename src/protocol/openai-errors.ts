// Renders errors in OpenAI's shape {"error":{message,type,param,code}} (reference/openai-mapping.md
// "Errors"), for gateway errors and for upstream Anthropic errors passed through.
import type { GatewayError } from '../domain/errors.js';
import type { OpenaiErrorBody } from './openai-types.js';

interface OpenaiErrorKind {
  type: string;
  /** The OpenAI code the status implies; null lets the caller fill in its own stable code. */
  code: string | null;
}

/** OpenAI's error type (and implied code) for an HTTP status. */
export function openaiErrorKind(status: number): OpenaiErrorKind {
  switch (status) {
    case 401:
      return { type: 'invalid_request_error', code: 'invalid_api_key' };
    case 402:
      return { type: 'insufficient_quota', code: 'insufficient_quota' };
    case 403:
      return { type: 'permission_error', code: null };
    case 404:
      return { type: 'invalid_request_error', code: 'model_not_found' };
    case 429:
      return { type: 'rate_limit_exceeded', code: 'rate_limit_exceeded' };
    default:
      return { type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null };
  }
}

/** The OpenAI error body for a gateway error. */
export function openaiErrorBody(err: GatewayError): OpenaiErrorBody {
  const param = err.param ?? null;
  if (err.code === 'budget_exceeded') {
    // OpenAI's own "quota spent" answer: clients stop retrying on this code.
    return { error: { message: err.message, type: 'insufficient_quota', param, code: 'insufficient_quota' } };
  }
  const kind = openaiErrorKind(err.status);
  let code = kind.code ?? err.code;
  // A 404 is "model_not_found" only when it is about the model; an unknown route keeps `not_found`.
  if (err.status === 404 && param !== 'model') code = err.code;
  return { error: { message: err.message, type: kind.type, param, code } };
}

/** Status sent to an OpenAI client for an upstream status: 529 is Anthropic-only, never a 2xx. */
function clientStatus(upstreamStatus: number): number {
  if (upstreamStatus === 529) return 503;
  if (!Number.isInteger(upstreamStatus) || upstreamStatus < 400 || upstreamStatus > 599) return 502;
  return upstreamStatus;
}

/** Type and message of an Anthropic error body, when it is one. */
export function readAnthropicError(body: unknown): { type: string | undefined; message: string | undefined } {
  const inner = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof inner !== 'object' || inner === null) return { type: undefined, message: undefined };
  const { type, message } = inner as { type?: unknown; message?: unknown };
  return {
    type: typeof type === 'string' ? type : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

/**
 * An upstream Anthropic error response in OpenAI's shape. The Anthropic error type is kept as
 * `code` when the status implies none, so `overloaded_error` or `api_error` stay visible.
 */
export function openaiErrorFromAnthropic(status: number, anthropicBody: unknown): { status: number; body: OpenaiErrorBody } {
  const out = clientStatus(status);
  const { type, message } = readAnthropicError(anthropicBody);
  const kind = openaiErrorKind(out);
  const code = kind.code ?? (type !== undefined && type !== kind.type ? type : null);
  return {
    status: out,
    body: { error: { message: message ?? `Upstream error (HTTP ${status})`, type: kind.type, param: null, code } },
  };
}

/** HTTP status that goes with an Anthropic error type (anthropic-wire.md "Errors"). */
export function anthropicErrorStatus(type: string): number {
  switch (type) {
    case 'invalid_request_error':
      return 400;
    case 'authentication_error':
      return 401;
    case 'billing_error':
      return 402;
    case 'permission_error':
      return 403;
    case 'not_found_error':
      return 404;
    case 'request_too_large':
      return 413;
    case 'rate_limit_error':
      return 429;
    case 'timeout_error':
      return 504;
    case 'overloaded_error':
      return 529;
    default:
      return 500;
  }
}

/** The OpenAI error body for an Anthropic error type and message (a mid-stream `error` event). */
export function openaiErrorFromAnthropicType(type: string, message: string): OpenaiErrorBody {
  return openaiErrorFromAnthropic(anthropicErrorStatus(type), { type: 'error', error: { type, message } }).body;
}
