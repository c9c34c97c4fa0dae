// Live events for the admin's dashboard over Server-Sent Events: every settled request (metadata
// only) as it is written to the ledger, the upstream table when it changed (at most once a
// second), and a comment heartbeat every 15 s. Nothing is polled by the page. Bounded: a fixed
// number of clients; a client whose socket buffer is full has events dropped, never queued
// without bound; a client whose session ended (logout, expiry, revoked credential) is closed.
import type { ServerResponse } from 'node:http';
import type { LedgerRow } from '../../storage/types.js';
import type { LiveEvent, UpstreamRow } from './api-types.js';
import { recentRequestJson } from './recent-json.js';

export interface LiveHubOptions {
  /** The upstream table now. */
  upstreams: () => UpstreamRow[];
  /** Display name of a tenant id, or null. */
  tenantName: (id: string) => string | null;
  now: () => number;
  maxClients?: number;
  heartbeatMs?: number;
  snapshotMs?: number;
  /** Bytes a client may have waiting in its socket before its events are dropped. */
  maxBufferedBytes?: number;
}

/** What the hub needs of a response (a ServerResponse whose event-stream head is written). */
export type LiveSink = Pick<ServerResponse, 'write' | 'end' | 'on' | 'writableLength' | 'destroyed' | 'writableEnded'>;

interface Client {
  res: LiveSink;
  sessionId: string;
  stillValid: () => Promise<boolean>;
  dropped: number;
}

/** Server-Sent Events frame of an event (event name = type). */
export function sseFrame(event: LiveEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The hub: one per process. */
export class LiveHub {
  private readonly clients = new Set<Client>();
  /** Most clients at once. */
  readonly maxClients: number;
  private readonly heartbeatMs: number;
  private readonly snapshotMs: number;
  private readonly maxBufferedBytes: number;
  private timer: NodeJS.Timeout | undefined;
  private lastSnapshot = '';
  private lastBeat = 0;

  constructor(private readonly opts: LiveHubOptions) {
    this.maxClients = opts.maxClients ?? 32;
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
    this.snapshotMs = opts.snapshotMs ?? 1_000;
    this.maxBufferedBytes = opts.maxBufferedBytes ?? 256 * 1024;
  }

  /** Clients connected now. */
  size(): number {
    return this.clients.size;
  }

  /**
   * Adds a client whose event-stream head is already written; sends it the upstream table at
   * once. False (nothing added) when the hub is full.
   */
  add(res: LiveSink, sessionId: string, stillValid: () => Promise<boolean>): boolean {
    if (this.clients.size >= this.maxClients) return false;
    const client: Client = { res, sessionId, stillValid, dropped: 0 };
    this.clients.add(client);
    res.on('close', () => this.remove(client));
    this.send(client, `retry: 5000\n\n${sseFrame({ type: 'upstreams', nowMs: this.opts.now(), upstreams: this.opts.upstreams() })}`);
    if (!this.timer) {
      this.lastBeat = this.opts.now();
      this.timer = setInterval(() => void this.tick(), this.snapshotMs);
      this.timer.unref();
    }
    return true;
  }

  /** Sends a settled request to every client (nothing to do without clients). */
  publishRow(row: LedgerRow): void {
    if (this.clients.size === 0) return;
    const request = { ...recentRequestJson(row, 'admin', true), tenantName: row.tenantId === null ? null : this.opts.tenantName(row.tenantId) };
    this.broadcast(sseFrame({ type: 'request', request }));
  }

  /** Sends a config-changed notice (after a reload). */
  publishConfig(): void {
    if (this.clients.size > 0) this.broadcast(sseFrame({ type: 'config', nowMs: this.opts.now() }));
  }

  /** Closes the streams of a session that ended. */
  endSession(sessionId: string): void {
    for (const c of this.clients) if (c.sessionId === sessionId) c.res.end();
  }

  /** Closes every stream (shutdown). */
  close(): void {
    for (const c of this.clients) c.res.end();
    this.clients.clear();
    this.stop();
  }

  private broadcast(frame: string): void {
    for (const c of this.clients) this.send(c, frame);
  }

  /** Writes unless the client's socket already holds too much: then the event is dropped. */
  private send(c: Client, chunk: string): void {
    if (c.res.destroyed || c.res.writableEnded) return;
    if (c.res.writableLength > this.maxBufferedBytes) {
      c.dropped++;
      return;
    }
    c.res.write(chunk);
  }

  /** Sends the upstream table if it changed, and every heartbeatMs a heartbeat and a session check (runs on the hub's timer). */
  async tick(): Promise<void> {
    const now = this.opts.now();
    const snapshot = this.opts.upstreams();
    const text = JSON.stringify(snapshot);
    if (text !== this.lastSnapshot) {
      this.lastSnapshot = text;
      this.broadcast(sseFrame({ type: 'upstreams', nowMs: now, upstreams: snapshot }));
    }
    if (now - this.lastBeat < this.heartbeatMs) return;
    this.lastBeat = now;
    this.broadcast(': heartbeat\n\n');
    for (const c of [...this.clients]) if (!(await c.stillValid().catch(() => false))) c.res.end();
  }

  private remove(c: Client): void {
    this.clients.delete(c);
    if (this.clients.size === 0) this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.lastSnapshot = '';
  }
}
