// Reads a request body up to a byte limit and an idle limit; past the size the client gets a 413
// without the gateway buffering the rest (the remainder is read and dropped), past the idle limit a
// 408. Parses JSON bodies only after a structural scan (depth, duplicate keys the gateway acts on).
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../domain/errors.js';
import { scanJson } from '../protocol/json-scan.js';

/** Default longest silence while a body arrives (server.bodyTimeoutMs). */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
/** Default deepest nesting of a JSON body (server.maxJsonDepth). */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/** Reads the whole body, refusing more than `maxBytes` and a silence longer than `idleMs`. */
export function readBody(req: IncomingMessage, maxBytes: number, idleMs = DEFAULT_BODY_TIMEOUT_MS): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const arm = () => {
      if (timer) timer.refresh();
      else timer = setTimeout(onIdle, idleMs);
    };
    const onIdle = () => {
      stop();
      reject(new GatewayError('request_timeout', `The request body stopped arriving: nothing for ${Math.round(idleMs / 100) / 10} s`));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        arm();
        return;
      }
      stop();
      req.resume(); // drop the rest; the 413 goes out on this connection
      reject(tooLarge(maxBytes));
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    const onClose = () => {
      stop();
      reject(new GatewayError('client_closed', 'Client closed the request before its body was complete'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
    arm();
  });
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('request_too_large', `Request body exceeds the gateway limit of ${maxBytes} bytes`);
}

/** Limits of a JSON body: nesting depth, and top-level keys that must appear at most once. */
export interface JsonLimits {
  maxDepth: number;
  uniqueKeys?: ReadonlySet<string>;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * Parses a JSON object body or throws a 400 that says what is wrong. The message never quotes the
 * body (V8's own message does, and the body is the tenant's prompt).
 */
export function parseJsonObject(body: Buffer, limits: JsonLimits = { maxDepth: DEFAULT_MAX_JSON_DEPTH }): Record<string, unknown> {
  if (!isUtf8(body)) throw new GatewayError('invalid_request', 'Request body is not valid UTF-8');
  const problem = scanJson(body, limits.maxDepth, limits.uniqueKeys ?? NO_KEYS);
  if (problem?.kind === 'too_deep') throw new GatewayError('invalid_request', `Request body is nested deeper than ${problem.maxDepth} levels, the gateway's limit`);
  if (problem?.kind === 'duplicate_key') {
    throw new GatewayError('invalid_request', `Request body has a duplicate top-level key "${problem.key}": send it once`, { param: problem.key });
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new GatewayError('invalid_request', `Request body is not valid JSON${whereJsonBroke((err as Error).message)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new GatewayError('invalid_request', 'Request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Where a JSON.parse error happened, from V8's message, without the excerpt it quotes. */
function whereJsonBroke(message: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return ` (at character ${position})`;
  return /Unexpected end/.test(message) ? ' (it ends too early)' : '';
}

/** The server's body limits (server.bodyTimeoutMs, server.maxJsonDepth). */
export interface BodyLimits {
  bodyTimeoutMs: number;
  maxJsonDepth: number;
}

/**
 * A small JSON body (sign-in, management, usage queries): its own size cap, but the server's
 * configured idle limit and depth, so an operator's tighter settings hold on every route.
 */
export async function readSmallJsonObject(req: IncomingMessage, maxBytes: number, limits: BodyLimits): Promise<Record<string, unknown>> {
  return parseJsonObject(await readBody(req, maxBytes, limits.bodyTimeoutMs), { maxDepth: limits.maxJsonDepth });
}
