// Who sent a request and how it arrived: the client address, whether it came over TLS, and the
// origin it addressed. Behind a trusted reverse proxy (server.trustProxy) the proxy's headers are
// read, and of each list only the RIGHT-most entry: that is the one the proxy itself added, while
// entries to its left came from the client and can say anything (a spoofed X-Forwarded-For must
// not choose the address a login is throttled by).
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** The last entry of a comma-separated header (repeated headers count as one list), trimmed. */
export function lastListEntry(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value.join(',') : value;
  if (text === undefined) return undefined;
  const i = text.lastIndexOf(',');
  const last = text.slice(i + 1).trim();
  return last || undefined;
}

/** The client's address: the proxy-added X-Forwarded-For entry when the proxy is trusted, else the socket's peer. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const fwd = lastListEntry(req.headers['x-forwarded-for']);
    if (fwd) return fwd;
  }
  return req.socket.remoteAddress;
}

/** True when the request reached the gateway over TLS, or (trusted proxy) the proxy says it did. */
export function requestIsSecure(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted === true) return true;
  return trustProxy && lastListEntry(req.headers['x-forwarded-proto'])?.toLowerCase() === 'https';
}

const HOST_PORT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** True for a plain `host[:port]` (a name, IPv4 or bracketed IPv6): nothing a URL could be bent with. */
export function isHostPort(text: string): boolean {
  return text.length <= 260 && HOST_PORT.test(text);
}

/** The host the client addressed (trusted X-Forwarded-Host, else Host), when it is a valid host[:port]. */
export function requestHost(req: IncomingMessage, trustProxy: boolean): string | undefined {
  const host = (trustProxy ? lastListEntry(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host;
  return host !== undefined && isHostPort(host) ? host : undefined;
}

/** scheme://host[:port] of the request as the client addressed it (normalised like a browser's Origin), or undefined. */
export function requestOrigin(req: IncomingMessage, trustProxy: boolean): string | undefined {
  const host = requestHost(req, trustProxy);
  if (host === undefined) return undefined;
  return normaliseOrigin(`${requestIsSecure(req, trustProxy) ? 'https' : 'http'}://${host}`);
}

/** An http(s) origin in the form browsers send in `Origin` (lower case, default port dropped), or undefined. */
export function normaliseOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}
