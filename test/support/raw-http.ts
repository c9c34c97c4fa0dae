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

/** Parses the first response in `raw` (a latin1 string of received bytes). */
export function parseFirstResponse(raw: string): Pick<RawExchange, 'status' | 'headers' | 'body'> {
  const end = raw.indexOf('\r\n\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  if (!m || end < 0) return { status: undefined, headers: {}, body: '' };
  const headers: Record<string, string> = {};
  for (const line of raw.slice(0, end).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = raw.slice(end + 4);
  const length = Number(headers['content-length']);
  const body = Buffer.from(Number.isFinite(length) ? rest.slice(0, length) : rest, 'latin1').toString('utf8');
  return { status: Number(m[1]), headers, body };
}

/**
 * Opens a connection to 127.0.0.1:`port`, writes each part of `parts` (a number is a pause in ms),
 * and collects what comes back until the server closes or `waitMs` passes (then it gives up and
 * closes itself). `closeAfterResponse` stops reading as soon as one whole response arrived.
 */
export function rawExchange(port: number, parts: Array<string | Buffer | number>, waitMs: number, opts: { closeAfterResponse?: boolean } = {}): Promise<RawExchange> {
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
      if (opts.closeAfterResponse && completeResponse(Buffer.concat(chunks).toString('latin1'))) finish(false);
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

/** True when `raw` holds a whole content-length framed response. */
function completeResponse(raw: string): boolean {
  const r = parseFirstResponse(raw);
  if (r.status === undefined) return false;
  const end = raw.indexOf('\r\n\r\n');
  const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(raw.slice(0, end))?.[1]);
  return Number.isFinite(length) && Buffer.byteLength(raw.slice(end + 4), 'latin1') >= length;
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
