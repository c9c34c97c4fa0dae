// Writing answers: JSON bodies and errors rendered in the client's protocol.
import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../domain/errors.js';
import { anthropicErrorBody } from '../protocol/anthropic-errors.js';
import { openaiErrorBody } from '../protocol/openai-errors.js';

/** Which error shape a route speaks. */
export type Protocol = 'anthropic' | 'openai' | 'plain';

const renderers: Record<Protocol, (err: GatewayError, requestId: string) => unknown> = {
  anthropic: anthropicErrorBody,
  openai: openaiErrorBody,
  plain: (err) => ({ error: { code: err.code, message: err.message } }),
};

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends an error in the protocol's shape with its status and retry-after. */
export function sendError(res: ServerResponse, protocol: Protocol, err: GatewayError, requestId: string): void {
  const headers: Record<string, string> = {};
  if (err.retryAfterSec !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfterSec)));
  if (err.status === 401 && protocol !== 'plain') headers['www-authenticate'] = 'Bearer';
  // The rest of a body that stopped arriving must not be read as the next request.
  if (err.code === 'request_timeout') headers['connection'] = 'close';
  sendJson(res, err.status, renderers[protocol](err, requestId), headers);
}
