// Reads a request body up to a byte limit and an idle limit; past the size the client gets a 413
// without the gateway buffering the rest (the remainder is read and dropped), past the idle limit a
// 408. A JSON body is scanned before anything is parsed (json-scan.ts: depth, duplicate keys the
// gateway acts on); then either JSON.parse builds the whole tree, or — for an endpoint that reads a
// few top-level keys of a body it forwards as sent — the scan checks the whole text and only those
// values are parsed.
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../domain/errors.js';
import { scanJson, type JsonScanProblem } from '../protocol/json-scan.js';

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
  /**
   * The only top-level keys the caller reads: only their values are parsed and returned (the body
   * is still checked whole, as JSON.parse would). Absent: the whole tree.
   */
  onlyKeys?: ReadonlySet<string>;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * Parses a JSON object body, or just some of its top-level keys, or throws a 400 that says what is
 * wrong. The message never quotes the body (it is the tenant's prompt).
 */
export function parseJsonObject(body: Buffer, limits: JsonLimits = { maxDepth: DEFAULT_MAX_JSON_DEPTH }): Record<string, unknown> {
  if (!isUtf8(body)) throw new GatewayError('invalid_request', 'Request body is not valid UTF-8');
  const { onlyKeys } = limits;
  // The whole tree is parsed by JSON.parse, which checks what the scan skips inside long strings.
  const { problem, isObject, spans } = scanJson(body, limits.maxDepth, limits.uniqueKeys ?? NO_KEYS, onlyKeys ?? NO_KEYS, onlyKeys !== undefined);
  if (problem) throw scanError(body, problem);
  if (!isObject) throw new GatewayError('invalid_request', 'Request body must be a JSON object');
  if (onlyKeys) {
    // The scan checked the whole text: each value's bytes are JSON.
    const fields: Record<string, unknown> = {};
    for (const [key, span] of spans) fields[key] = JSON.parse(body.toString('utf8', span.start, span.end));
    return fields;
  }
  try {
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    // Only a string the quick scan skipped can be wrong here: the full check says where.
    throw scanError(body, scanJson(body, limits.maxDepth, NO_KEYS).problem ?? { kind: 'syntax', at: body.length });
  }
}

function scanError(body: Buffer, problem: JsonScanProblem): GatewayError {
  switch (problem.kind) {
    case 'too_deep':
      return new GatewayError('invalid_request', `Request body is nested deeper than ${problem.maxDepth} levels, the gateway's limit`);
    case 'duplicate_key':
      return new GatewayError('invalid_request', `Request body has a duplicate top-level key "${problem.key}": send it once`, { param: problem.key });
    case 'syntax':
      return new GatewayError('invalid_request', `Request body is not valid JSON${whereJsonBroke(body, problem.at)}`);
  }
}

/** Where the text stopped being JSON, in characters (never an excerpt: that would be the prompt). */
function whereJsonBroke(body: Buffer, at: number): string {
  return at >= body.length ? ' (it ends too early)' : ` (at character ${body.toString('utf8', 0, at).length})`;
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
