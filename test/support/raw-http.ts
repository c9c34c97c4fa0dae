// Raw HTTP/1.1 over node:net for tests that must send what fetch refuses to (malformed targets,
// missing bodies, odd framing) and see exactly how the gateway answers or closes.
import { connect, type Socket } from 'node:net';

/** What came back on one connection. */
export interface RawExchange {
  /** Status of the first response, or undefined when none arrived. */
  status: number | undefined;
  /** Header names (lower case) and values of the first response. */
  headers: Record<string, string>;
  /** Body bytes of the first response as text (content-length framed, else everything after the head). */
  body: string;
  /** All bytes received, as latin1 text. */
  raw: string;
  /** True when the gateway closed the connection before `waitMs` ran out. */
  closed: boolean;
  /** ms from the first write to the close (or to the give-up). */
  elapsedMs: number;
}

/** Where the first final (non-1xx) response starts in `raw`, or -1 while an interim one is incomplete. */
function finalStart(raw: string): number {
  let at = 0;
  while (raw.startsWith('HTTP/1.1 1', at) || raw.startsWith('HTTP/1.0 1', at)) {
    const end = raw.indexOf('\r\n\r\n', at);
    if (end < 0) return -1;
    at = end + 4; // an interim answer (100 Continue): the real one follows
  }
  return at;
}

/** Parses the first final response in `raw` (a latin1 string of received bytes); 1xx answers are skipped. */
export function parseFirstResponse(raw: string): Pick<RawExchange, 'status' | 'headers' | 'body'> {
  const start = Math.max(0, finalStart(raw));
  const text = raw.slice(start);
  const end = text.indexOf('\r\n\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (!m || end < 0) return { status: undefined, headers: {}, body: '' };
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = text.slice(end + 4);
  const length = Number(headers['content-length']);
  const bytes = headers['transfer-encoding'] === 'chunked' ? dechunk(rest) : Number.isFinite(length) ? rest.slice(0, length) : rest;
  return { status: Number(m[1]), headers, body: Buffer.from(bytes, 'latin1').toString('utf8') };
}

/** The payload of a chunked body (as far as it arrived). */
function dechunk(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = text.indexOf('\r\n', at);
    if (eol < 0) return out;
    const size = parseInt(text.slice(at, eol), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** True when `raw` holds one whole final response (`head`: the answer to a HEAD request). */
export function completeResponse(raw: string, head = false): boolean {
  const start = finalStart(raw);
  if (start < 0) return false;
  const text = raw.slice(start);
  const r = parseFirstResponse(text);
  if (r.status === undefined) return false;
  if (head || r.status === 204 || r.status === 304) return true;
  const rest = text.slice(text.indexOf('\r\n\r\n') + 4);
  if (r.headers['transfer-encoding'] === 'chunked') return /(^|\r\n)0\r\n\r\n/.test(rest);
  const length = Number(r.headers['content-length']);
  return Number.isFinite(length) && rest.length >= length;
}

/**
 * Opens a connection to 127.0.0.1:`port`, writes each part of `parts` (a number is a pause in ms),
 * and collects what comes back until the server closes or `waitMs` passes (then it gives up and
 * closes itself). `closeAfterResponse` stops reading as soon as one whole final response arrived
 * (`head`: it answers a HEAD request, so it has no body).
 */
export function rawExchange(port: number, parts: Array<string | Buffer | number>, waitMs: number, opts: { closeAfterResponse?: boolean; head?: boolean } = {}): Promise<RawExchange> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const started = Date.now();
    let settled = false;
    const socket: Socket = connect(port, '127.0.0.1');
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      resolve({ ...parseFirstResponse(raw), raw, closed, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      if (opts.closeAfterResponse && completeResponse(Buffer.concat(chunks).toString('latin1'), opts.head)) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => undefined); // a reset counts as a close
    socket.once('connect', () => {
      void (async () => {
        for (const p of parts) {
          if (settled) return;
          if (typeof p === 'number') await new Promise((r) => setTimeout(r, p));
          else socket.write(p);
        }
      })();
    });
  });
}

/** Opens `count` idle connections and resolves once all are connected (or refused). */
export async function openIdleSockets(port: number, count: number): Promise<Socket[]> {
  return Promise.all(
    Array.from({ length: count }, () =>
      new Promise<Socket>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => undefined);
        s.once('connect', () => resolve(s));
        s.once('close', () => resolve(s));
      }),
    ),
  );
}
