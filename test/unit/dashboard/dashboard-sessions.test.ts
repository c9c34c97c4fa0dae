// Dashboard sessions on a ManualClock: opaque tokens stored as digests, idle and absolute expiry,
// logout, revocation when the credential no longer holds, forged tokens, bounded size.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import { DashboardSessions, type SessionEnd, type SessionPrincipal } from '../../../src/tenancy/dashboard-sessions.js';

const MIN = 60_000;
const policy = { idleMs: 30 * MIN, maxMs: 120 * MIN };
const admin: SessionPrincipal = { role: 'admin', username: 'admin', credentialTag: 'tag-1' };
const alice: SessionPrincipal = { role: 'tenant', tenantId: 'alice', keySha256: 'a'.repeat(64) };
const always = () => true;

function setup(opts: { maxSessions?: number; maxPerPrincipal?: number } = {}) {
  const clock = new ManualClock();
  const sessions = new DashboardSessions({ clock, randomBytes, ...opts });
  const ended: Array<[string, SessionEnd]> = [];
  sessions.onEnd((id, why) => ended.push([id, why]));
  return { clock, sessions, ended };
}

describe('DashboardSessions', () => {
  it('a token is 32 random bytes; only its SHA-256 names the session', async () => {
    const { sessions } = setup();
    const { token, session } = sessions.create(admin, policy);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.equal(session.id, createHash('sha256').update(token).digest('hex'));
    assert.notEqual(sessions.create(admin, policy).token, token);
    assert.deepEqual((await sessions.validate(token, policy, always))?.principal, admin);
  });

  it('idle expiry: each use restarts it; unused for the idle time, the session is gone', async () => {
    const { clock, sessions, ended } = setup();
    const { token, session } = sessions.create(alice, policy);
    clock.advance(29 * MIN);
    const used = await sessions.validate(token, policy, always);
    assert.ok(used);
    assert.equal(used.idleExpiresAt, clock.now() + 30 * MIN);
    clock.advance(29 * MIN);
    assert.ok(await sessions.validate(token, policy, always), 'still alive: used 29 minutes ago');
    clock.advance(30 * MIN);
    assert.equal(await sessions.validate(token, policy, always), undefined);
    assert.deepEqual(ended, [[session.id, 'expired']]);
    assert.equal(sessions.size(), 0);
  });

  it('a check without touching does not extend the idle time', async () => {
    const { clock, sessions } = setup();
    const { token, session } = sessions.create(alice, policy);
    clock.advance(20 * MIN);
    assert.ok(await sessions.validateId(session.id, policy, always));
    clock.advance(10 * MIN);
    assert.equal(await sessions.validate(token, policy, always), undefined);
  });

  it('absolute expiry ends even a busy session', async () => {
    const { clock, sessions } = setup();
    const { token, session } = sessions.create(admin, policy);
    assert.equal(session.absoluteExpiresAt, clock.now() + 120 * MIN);
    for (let i = 0; i < 11; i++) {
      clock.advance(10 * MIN);
      assert.ok(await sessions.validate(token, policy, always), `use ${i}`);
    }
    const last = await sessions.validate(token, policy, always);
    assert.equal(last?.idleExpiresAt, last?.absoluteExpiresAt, 'idle expiry never passes the absolute one');
    clock.advance(10 * MIN);
    assert.equal(await sessions.validate(token, policy, always), undefined);
  });

  it('a shorter policy after a config reload applies to existing sessions', async () => {
    const { clock, sessions } = setup();
    const { token } = sessions.create(admin, policy);
    clock.advance(10 * MIN);
    assert.equal(await sessions.validate(token, { idleMs: 5 * MIN, maxMs: 120 * MIN }, always), undefined);
  });

  it('logout deletes the session: the same token is refused afterwards', async () => {
    const { sessions, ended } = setup();
    const { token, session } = sessions.create(alice, policy);
    assert.equal(sessions.delete(token), true);
    assert.equal(sessions.delete(token), false);
    assert.equal(await sessions.validate(token, policy, always), undefined);
    assert.deepEqual(ended, [[session.id, 'logout']]);
  });

  it('a principal whose credential no longer holds is revoked (rotated key, changed password)', async () => {
    const { sessions, ended } = setup();
    const { token, session } = sessions.create(alice, policy);
    assert.equal(await sessions.validate(token, policy, (p) => p.role === 'tenant' && p.keySha256 === 'b'.repeat(64)), undefined);
    assert.deepEqual(ended, [[session.id, 'revoked']]);
    assert.equal(await sessions.validate(token, policy, always), undefined, 'gone for good');
  });

  it('forged, garbage and missing tokens are refused without a lookup', async () => {
    const { sessions } = setup();
    const { token } = sessions.create(admin, policy);
    const forged = [undefined, '', 'x', `${token}x`, token.slice(1), token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 'a'.repeat(43), '../../../../etc/passwd', createHash('sha256').update(token).digest('hex')];
    for (const f of forged) assert.equal(await sessions.validate(f, policy, always), undefined, String(f));
  });

  it('stays bounded: per principal the oldest go first, and in total', async () => {
    const { sessions } = setup({ maxSessions: 10, maxPerPrincipal: 3 });
    const tokens = Array.from({ length: 5 }, () => sessions.create(alice, policy).token);
    assert.equal(sessions.size(), 3);
    assert.equal(await sessions.validate(tokens[0], policy, always), undefined);
    assert.ok(await sessions.validate(tokens[4], policy, always));
    const adminToken = sessions.create(admin, policy).token;
    for (let i = 0; i < 20; i++) sessions.create({ role: 'tenant', tenantId: `t${i}`, keySha256: String(i).padStart(64, '0') }, policy);
    assert.ok(sessions.size() <= 10);
    assert.equal(await sessions.validate(adminToken, policy, always), undefined, 'the oldest overall was evicted');
  });
});
