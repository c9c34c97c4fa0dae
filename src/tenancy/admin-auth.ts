// The admin credential: password checked against its scrypt hash in constant time behind the login
// throttle, and short-lived sessions whose random tokens are held only as SHA-256 digests, so a
// memory dump or log never holds a usable token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayConfig } from '../config/types.js';
import type { Clock } from '../domain/clock.js';
import { GatewayError } from '../domain/errors.js';
import { presentedKey } from './credentials.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from '../domain/password.js';

/** The admin section of the running config. */
export type AdminSettings = GatewayConfig['admin'];

/** A logged-in admin. */
export interface AdminSession {
  username: string;
  expiresAt: number;
}

/** What a login hands the client; the token is shown once and never stored. */
export interface IssuedSession extends AdminSession {
  token: string;
}

export interface AdminAuthOptions {
  clock: Clock;
  throttle?: LoginThrottle;
  sessionTtlMs?: number;
  maxSessions?: number;
}

interface StoredSession extends AdminSession {
  /** Digest of the credential the session was opened with: a password change ends it. */
  credentialTag: string;
}

/** Uniform answer for a wrong username or password, so neither can be probed alone. */
export const BAD_LOGIN_MESSAGE = 'Invalid username or password';

const DEFAULT_SESSION_TTL_MS = 12 * 3_600_000;
const DEFAULT_MAX_SESSIONS = 1_000;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Equal strings, compared by digest in constant time (lengths leak nothing). */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** Admin login, sessions and throttling; one per process, fed the config of each request. */
export class AdminAuth {
  readonly throttle: LoginThrottle;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly maxSessions: number;
  private readonly sessions = new Map<string, StoredSession>();
  /** Scrypt hashes of plain passwords (an old config's `admin.password`), by the password's digest. */
  private readonly plainHashes = new Map<string, Promise<string>>();

  constructor(opts: AdminAuthOptions) {
    this.clock = opts.clock;
    this.throttle = opts.throttle ?? new LoginThrottle(opts.clock);
    this.ttlMs = opts.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
    this.maxSessions = opts.maxSessions ?? DEFAULT_MAX_SESSIONS;
  }

  /** Remembers the hash made at start for a plain password, so later checks reuse it. */
  rememberPlainHash(password: string, hash: string): void {
    this.plainHashes.set(sha256(password).toString('hex'), Promise.resolve(hash));
  }

  /** The scrypt hash to check against: `passwordHash`, else the plain password hashed in memory. */
  async effectiveHash(admin: AdminSettings): Promise<string | undefined> {
    if (admin.passwordHash !== undefined) return admin.passwordHash;
    if (admin.password === undefined) return undefined;
    const key = sha256(admin.password).toString('hex');
    let hash = this.plainHashes.get(key);
    if (!hash) {
      // The config changes rarely; a handful of entries covers every reload.
      if (this.plainHashes.size >= 8) this.plainHashes.clear();
      hash = hashPassword(admin.password);
      this.plainHashes.set(key, hash);
    }
    return hash;
  }

  /**
   * Checks a username and password behind the throttle. Throws 404 when the admin is disabled,
   * 429 with retry-after while `client` is locked (or, having failed itself, while `username` is
   * backing off), 401 on a wrong pair.
   */
  async verify(admin: AdminSettings, username: string, password: string, client: string): Promise<void> {
    if (!admin.enabled) throw new GatewayError('not_found', 'Not found');
    // The username is keyed by digest: people type passwords into the username field.
    const attempt = { address: client, account: sha256(username).toString('base64url') };
    const verdict = this.throttle.begin(attempt);
    if (!verdict.allowed) {
      throw new GatewayError('login_throttled', 'Too many failed logins: try again later', { retryAfterSec: Math.ceil(verdict.retryAfterMs / 1000) });
    }
    let ok: boolean | undefined;
    try {
      ok = await this.credentialsMatch(admin, username, password);
    } finally {
      this.throttle.end(attempt, ok);
    }
    if (!ok) throw new GatewayError('unauthenticated', BAD_LOGIN_MESSAGE);
  }

  /** Verifies the pair and opens a session. */
  async login(admin: AdminSettings, username: string, password: string, client: string): Promise<IssuedSession> {
    await this.verify(admin, username, password, client);
    const token = randomBytes(32).toString('base64url');
    const session: StoredSession = { username: admin.username, expiresAt: this.clock.now() + this.ttlMs, credentialTag: await this.credentialTag(admin) };
    this.evictFor(1);
    this.sessions.set(sha256(token).toString('hex'), session);
    return { token, username: session.username, expiresAt: session.expiresAt };
  }

  /** The session of `Authorization: Bearer <token>`; 404 when the admin is disabled, 401 otherwise. */
  async session(admin: AdminSettings, headers: IncomingHttpHeaders): Promise<AdminSession> {
    if (!admin.enabled) throw new GatewayError('not_found', 'Not found');
    const token = presentedKey(headers);
    if (!token) throw new GatewayError('unauthenticated', 'Missing admin session: log in at POST /admin/api/login and send Authorization: Bearer <token>');
    const key = sha256(token).toString('hex');
    const s = this.sessions.get(key);
    if (s && s.expiresAt <= this.clock.now()) this.sessions.delete(key);
    if (!s || s.expiresAt <= this.clock.now() || s.credentialTag !== (await this.credentialTag(admin))) {
      throw new GatewayError('unauthenticated', 'Admin session expired or invalid: log in again');
    }
    return { username: s.username, expiresAt: s.expiresAt };
  }

  /** Ends the session of the presented token; true when there was one. */
  logout(headers: IncomingHttpHeaders): boolean {
    const token = presentedKey(headers);
    return token !== undefined && this.sessions.delete(sha256(token).toString('hex'));
  }

  /** Sessions held now (expired ones included until pruned). */
  sessionCount(): number {
    return this.sessions.size;
  }

  private async credentialsMatch(admin: AdminSettings, username: string, password: string): Promise<boolean> {
    const hash = await this.effectiveHash(admin);
    // The password is checked even for a wrong username so both cost the same time.
    const userOk = sameSecret(username, admin.username);
    const passOk = hash !== undefined && (await verifyPassword(password, hash).catch(() => false));
    return userOk && passOk;
  }

  /** Digest of the admin credential now: a session opened under another one is over. */
  async credentialTag(admin: AdminSettings): Promise<string> {
    return sha256(`${admin.username}\0${(await this.effectiveHash(admin)) ?? ''}`).toString('hex');
  }

  /** Drops expired sessions, then the oldest, so `room` more fit under the bound. */
  private evictFor(room: number): void {
    const now = this.clock.now();
    for (const [k, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(k);
    for (const k of this.sessions.keys()) {
      if (this.sessions.size + room <= this.maxSessions) break;
      this.sessions.delete(k);
    }
  }
}
