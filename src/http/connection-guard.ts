// Bounds what one client can hold open without sending anything useful: a cap on open connections
// per client address, and a close for a connection whose request was answered while its declared
// body never finished arriving (Node would otherwise wait for those bytes forever, since the
// server's requestTimeout is off so that long uploads and streamed answers are not cut).
import type { IncomingMessage } from 'node:http';
import type { Server, Socket } from 'node:net';

/** How long a refused connection gets to read its answer before it is destroyed. */
const REFUSAL_LINGER_MS = 200;

function refusal(max: number): string {
  const body = JSON.stringify({ error: { code: 'too_many_connections', message: `Too many open connections from your address (limit ${max}); close idle ones and retry` } });
  return `HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nretry-after: 1\r\nconnection: close\r\n\r\n${body}`;
}

/**
 * Writes a raw answer and closes the connection: ended at once, destroyed shortly after so that a
 * client keeping its side open cannot hold the socket (the HTTP server allows half-open sockets).
 */
export function answerAndClose(socket: Socket, raw: string): void {
  socket.on('error', () => undefined);
  socket.end(raw);
  setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
}

/** Tracks open connections per remote address; `refused` tells which sockets were turned away. */
export interface ConnectionCap {
  refused(socket: Socket): boolean;
}

/**
 * Caps open connections per remote address at `maxOf()` (read per connection, so a config reload
 * applies to new connections; 0 means no cap). The excess gets a 429 and is closed at once.
 * Behind a reverse proxy every connection comes from the proxy: the cap then bounds the proxy.
 */
export function capConnectionsPerAddress(server: Server, maxOf: () => number): ConnectionCap {
  const open = new Map<string, number>();
  const refused = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    const max = maxOf();
    const address = socket.remoteAddress ?? '';
    const count = open.get(address) ?? 0;
    if (max > 0 && count >= max) {
      refused.add(socket);
      answerAndClose(socket, refusal(max));
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
  return { refused: (socket) => refused.has(socket) };
}

/**
 * Once a request is answered but its body has not fully arrived, closes the connection when no
 * byte came for `idleMs` (progress is read from the socket's byte count: Node is discarding the
 * rest of the body by then, so no listener sees it).
 */
export function closeIfBodyStalls(req: IncomingMessage, idleMs: number): void {
  const socket = req.socket;
  if (req.complete || socket.destroyed) return;
  const stepMs = Math.max(25, Math.ceil(idleMs / 4));
  let lastBytes = socket.bytesRead;
  let quietMs = 0;
  const stop = () => {
    clearInterval(timer);
    socket.off('close', stop);
  };
  const timer = setInterval(() => {
    if (req.complete || socket.destroyed) return stop();
    if (socket.bytesRead !== lastBytes) {
      lastBytes = socket.bytesRead;
      quietMs = 0;
      return;
    }
    quietMs += stepMs;
    if (quietMs < idleMs) return;
    stop();
    socket.destroy();
  }, stepMs);
  timer.unref();
  socket.once('close', stop);
}
