// Writing answers: JSON bodies and errors rendered in the client's protocol.
import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../domain/errors.js';
import { anthropicErrorBody } from '../protocol/anthropic-errors.js';

/** Which error shape a route speaks. */
export type Protocol = 'anthropic' | 'openai' | 'plain';

/** Renders an error body for a protocol; OpenAI's renderer is registered by its route module. */
export type ErrorRenderer = (err: GatewayError, requestId: string) => unknown;

const renderers: Record<Protocol, ErrorRenderer> = {
  anthropic: anthropicErrorBody,
  openai: anthropicErrorBody,
  plain: (err) => ({ error: { code: err.code, message: err.message } }),
};

/** Registers the error renderer of a protocol. */
export function setErrorRenderer(protocol: Protocol, render: ErrorRenderer): void {
  renderers[protocol] = render;
}

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
  sendJson(res, err.status, renderers[protocol](err, requestId), headers);
}
