// The admin's live stream (GET /dashboard/api/events, Server-Sent Events, cookie auth): upstream
// health snapshots, finished requests and config reloads, in signals. EventSource retries by
// itself after a dropped connection; when the server refuses (e.g. the session ended) it gives
// up, so we ask whether the session still exists and reconnect with backoff.
import { signal } from '@preact/signals';
import type { LiveEvent, RecentRequestJson, UpstreamRow } from '../../api/contract.js';
import { API_BASE } from '../../api/http.js';
import { refreshSession } from '../../session.js';

export type LiveRequest = RecentRequestJson & { tenantName: string | null };

/** Most rows the live feed keeps. */
export const FEED_CAP = 200;

/** Connection state of the stream. */
export const liveStatus = signal<'connecting' | 'open' | 'retrying' | 'closed'>('closed');
/** The latest upstream rows and when they arrived (local clock, for countdowns). */
export const liveUpstreams = signal<{ rows: UpstreamRow[]; receivedAtMs: number } | undefined>(undefined);
/** Finished requests, newest first. */
export const liveRequests = signal<LiveRequest[]>([]);
/** Whether the feed is paused, and what arrived meanwhile. */
export const feedPaused = signal(false);
export const heldWhilePaused = signal<LiveRequest[]>([]);
/** Bumped on every config reload the server reports. */
export const configVersion = signal(0);

let source: EventSource | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let backoffMs = 1000;

function parse<T extends LiveEvent['type']>(e: MessageEvent<string>): Extract<LiveEvent, { type: T }> | undefined {
  try {
    return JSON.parse(e.data) as Extract<LiveEvent, { type: T }>;
  } catch {
    return undefined;
  }
}

/** Adds a request at the top of the feed (or holds it while paused). */
export function pushRequest(req: LiveRequest): void {
  if (feedPaused.value) heldWhilePaused.value = [req, ...heldWhilePaused.value].slice(0, FEED_CAP);
  else liveRequests.value = [req, ...liveRequests.value].slice(0, FEED_CAP);
}

/** Pauses or resumes the feed; resuming shows what was held. */
export function setPaused(paused: boolean): void {
  feedPaused.value = paused;
  if (!paused && heldWhilePaused.value.length > 0) {
    liveRequests.value = [...heldWhilePaused.value, ...liveRequests.value].slice(0, FEED_CAP);
    heldWhilePaused.value = [];
  }
}

function connect(): void {
  liveStatus.value = 'connecting';
  const es = new EventSource(`${API_BASE}/events`);
  source = es;
  es.onopen = () => {
    liveStatus.value = 'open';
    backoffMs = 1000;
  };
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      // Refused rather than dropped: perhaps the session ended; find out (a 401 signs out).
      void refreshSession();
      liveStatus.value = 'retrying';
      retryTimer = setTimeout(connect, backoffMs);
      backoffMs = Math.min(30_000, backoffMs * 2);
    } else liveStatus.value = 'retrying';
  };
  es.addEventListener('upstreams', (e) => {
    const ev = parse<'upstreams'>(e);
    if (ev) liveUpstreams.value = { rows: ev.upstreams, receivedAtMs: Date.now() };
  });
  es.addEventListener('request', (e) => {
    const ev = parse<'request'>(e);
    if (ev) pushRequest(ev.request);
  });
  es.addEventListener('config', () => {
    configVersion.value++;
  });
}

/** Opens the stream (once). */
export function startLive(): void {
  if (source || retryTimer) return;
  connect();
}

/** Closes the stream and forgets what it showed (on sign-out). */
export function stopLive(): void {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  source?.close();
  source = undefined;
  liveStatus.value = 'closed';
  liveUpstreams.value = undefined;
  liveRequests.value = [];
  heldWhilePaused.value = [];
  feedPaused.value = false;
}
