// Dashboard sign-in sessions, held server-side only. A session is named by an opaque random token
// (32 bytes) that only the browser's cookie holds; the gateway keeps its SHA-256, so a memory dump
// or a log never yields a usable token. Sessions end on idle or absolute expiry, on logout, and
// when what they were opened with is no longer valid (the caller's `stillValid`: a rotated-out or
// deleted tenant key, a changed admin password). Bounded in total and per principal. Pure: time
// and randomness come in.
import { createHash } from 'node:crypto';
import type { Clock } from '../domain/clock.js';

/** Who a session belongs to, and the credential it was opened with (never the key itself). */
export type SessionPrincipal =
  | { role: 'admin'; username: string; credentialTag: string }
  | { role: 'tenant'; tenantId: string; keySha256: string };

/** Expiry settings (config `dashboard.sessionIdleMs` / `sessionMaxMs`, read on each use). */
export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

/** A live session. */
export interface DashboardSession {
  /** SHA-256 of the token, hex: the session's id inside the gateway. */
  id: string;
  principal: SessionPrincipal;
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

export interface DashboardSessionsOptions {
  clock: Clock;
  /** `n` random bytes (crypto.randomBytes in the app). */
  randomBytes: (n: number) => Buffer;
  maxSessions?: number;
  /** Sessions one admin or one tenant may hold; the oldest go first. */
  maxPerPrincipal?: number;
}

/** Why a session ended (listeners close live streams of it). */
export type SessionEnd = 'logout' | 'expired' | 'revoked' | 'evicted';

interface Stored {
  principal: SessionPrincipal;
  createdAt: number;
  lastSeenAt: number;
}

const TOKEN_BYTES = 32;
/** A token as the cookie carries it: 32 bytes in base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function principalKey(p: SessionPrincipal): string {
  return p.role === 'admin' ? `admin:${p.username}` : `tenant:${p.tenantId}`;
}

/** The session store. */
export class DashboardSessions {
  private readonly sessions = new Map<string, Stored>();
  private readonly listeners = new Set<(id: string, why: SessionEnd) => void>();
  private readonly clock: Clock;
  private readonly randomBytes: (n: number) => Buffer;
  private readonly maxSessions: number;
  private readonly maxPerPrincipal: number;

  constructor(opts: DashboardSessionsOptions) {
    this.clock = opts.clock;
    this.randomBytes = opts.randomBytes;
    this.maxSessions = opts.maxSessions ?? 10_000;
    this.maxPerPrincipal = opts.maxPerPrincipal ?? 20;
  }

  /** Opens a session; the token goes to the browser once and is not kept. */
  create(principal: SessionPrincipal, policy: SessionPolicy): { token: string; session: DashboardSession } {
    const now = this.clock.now();
    this.makeRoom(principal, policy, now);
    const token = this.randomBytes(TOKEN_BYTES).toString('base64url');
    const id = digest(token);
    const stored: Stored = { principal, createdAt: now, lastSeenAt: now };
    this.sessions.set(id, stored);
    return { token, session: this.view(id, stored, policy) };
  }

  /**
   * The session of `token` if it is live and `stillValid` accepts its principal; touches it (idle
   * expiry restarts) unless `touch` is false. A dead session is removed.
   */
  async validate(token: string | undefined, policy: SessionPolicy, stillValid: (p: SessionPrincipal) => boolean | Promise<boolean>, touch = true): Promise<DashboardSession | undefined> {
    if (token === undefined || !TOKEN_SHAPE.test(token)) return undefined;
    return this.validateId(digest(token), policy, stillValid, touch);
  }

  /** As validate(), by session id (live streams re-check their session this way, without touching it). */
  async validateId(id: string, policy: SessionPolicy, stillValid: (p: SessionPrincipal) => boolean | Promise<boolean>, touch = false): Promise<DashboardSession | undefined> {
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (this.expired(s, policy, this.clock.now())) {
      this.end(id, 'expired');
      return undefined;
    }
    if (!(await stillValid(s.principal))) {
      this.end(id, 'revoked');
      return undefined;
    }
    // Checked again after the await: a logout may have happened meanwhile.
    if (this.sessions.get(id) !== s) return undefined;
    if (touch) s.lastSeenAt = this.clock.now();
    return this.view(id, s, policy);
  }

  /** Ends the session of `token` (logout); true when there was one. */
  delete(token: string | undefined): boolean {
    if (token === undefined || !TOKEN_SHAPE.test(token)) return false;
    return this.end(digest(token), 'logout');
  }

  /** Calls `listener` whenever a session ends; returns the unsubscribe function. */
  onEnd(listener: (id: string, why: SessionEnd) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sessions held now (expired ones included until pruned). */
  size(): number {
    return this.sessions.size;
  }

  private expired(s: Stored, policy: SessionPolicy, now: number): boolean {
    return now >= s.lastSeenAt + policy.idleMs || now >= s.createdAt + policy.maxMs;
  }

  private view(id: string, s: Stored, policy: SessionPolicy): DashboardSession {
    const absoluteExpiresAt = s.createdAt + policy.maxMs;
    return { id, principal: s.principal, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, idleExpiresAt: Math.min(s.lastSeenAt + policy.idleMs, absoluteExpiresAt), absoluteExpiresAt };
  }

  private end(id: string, why: SessionEnd): boolean {
    if (!this.sessions.delete(id)) return false;
    for (const l of this.listeners) l(id, why);
    return true;
  }

  /** Drops expired sessions when full, then the principal's oldest beyond its share, then the oldest overall. */
  private makeRoom(principal: SessionPrincipal, policy: SessionPolicy, now: number): void {
    const key = principalKey(principal);
    const own = [...this.sessions].filter(([, s]) => principalKey(s.principal) === key);
    for (const [id] of own.slice(0, Math.max(0, own.length - this.maxPerPrincipal + 1))) this.end(id, 'evicted');
    if (this.sessions.size < this.maxSessions) return;
    for (const [id, s] of this.sessions) if (this.expired(s, policy, now)) this.end(id, 'expired');
    for (const id of this.sessions.keys()) {
      if (this.sessions.size < this.maxSessions) break;
      this.end(id, 'evicted');
    }
  }
}
