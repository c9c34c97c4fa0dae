// Renders gateway errors in Anthropic's shape: {"type":"error","error":{"type","message"}}.
// Status → type table from reference/anthropic-wire.md.
import type { GatewayError } from '../domain/errors.js';
import type { AnthropicErrorBody } from './anthropic-types.js';
import { formatSseEvent } from './sse.js';

/** Anthropic's error type for an HTTP status. */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** The Anthropic error body for a gateway error. */
export function anthropicErrorBody(err: GatewayError, requestId?: string): AnthropicErrorBody {
  const body: AnthropicErrorBody = {
    type: 'error',
    error: { type: anthropicErrorType(err.status), message: err.message },
  };
  if (requestId) body.request_id = requestId;
  return body;
}

/** A complete SSE `error` event (used when a stream breaks after the commit point). */
export function anthropicErrorEvent(type: string, message: string): string {
  return formatSseEvent('error', { type: 'error', error: { type, message } });
}
