// AdminAuth on a ManualClock: uniform 401s, throttled logins, session expiry and logout, sessions
// ended by a password change, and a plain config password hashed once in memory.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ManualClock } from '../../../src/domain/clock.js';
import { GatewayError } from '../../../src/domain/errors.js';
import { hashPassword } from '../../../src/domain/password.js';
import { AdminAuth, BAD_LOGIN_MESSAGE, type AdminSettings } from '../../../src/tenancy/admin-auth.js';

const HOUR = 3_600_000;

function settings(over: Partial<AdminSettings> = {}): AdminSettings {
  return { enabled: true, path: '/dashboard', username: 'admin', password: undefined, passwordHash: undefined, ...over };
}

function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

async function rejection(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof GatewayError, `not a GatewayError: ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('AdminAuth', () => {
  let admin: AdminSettings;
  before(async () => {
    admin = settings({ passwordHash: await hashPassword('right-password') });
  });

  it('a wrong username and a wrong password get the same 401', async () => {
    const auth = new AdminAuth({ clock: new ManualClock() });
    const a = await rejection(auth.login(admin, 'admin', 'wrong', '1.1.1.1'));
    const b = await rejection(auth.login(admin, 'root', 'right-password', '1.1.1.2'));
    assert.equal(a.status, 401);
    assert.deepEqual([a.code, a.message], [b.code, b.message]);
    assert.equal(a.message, BAD_LOGIN_MESSAGE);
  });

  it('a session works until it expires after 12 hours', async () => {
    const clock = new ManualClock();
    const auth = new AdminAuth({ clock });
    const issued = await auth.login(admin, 'admin', 'right-password', '1.1.1.1');
    assert.equal(issued.expiresAt, clock.now() + 12 * HOUR);
    assert.match(issued.token, /^[A-Za-z0-9_-]{43}$/);
    clock.advance(12 * HOUR - 1);
    assert.equal((await auth.session(admin, bearer(issued.token))).username, 'admin');
    clock.advance(1);
    assert.equal((await rejection(auth.session(admin, bearer(issued.token)))).status, 401);
    assert.equal(auth.sessionCount(), 0, 'the expired session is dropped');
  });

  it('logout ends the session at once; other sessions live on', async () => {
    const auth = new AdminAuth({ clock: new ManualClock() });
    const one = await auth.login(admin, 'admin', 'right-password', '1.1.1.1');
    const two = await auth.login(admin, 'admin', 'right-password', '1.1.1.1');
    assert.equal(auth.logout(bearer(one.token)), true);
    assert.equal((await rejection(auth.session(admin, bearer(one.token)))).status, 401);
    assert.equal((await auth.session(admin, bearer(two.token))).username, 'admin');
    assert.equal(auth.logout(bearer(one.token)), false);
  });

  it('a made-up or missing token is a 401; a disabled admin is a 404 even with a good token', async () => {
    const auth = new AdminAuth({ clock: new ManualClock() });
    const issued = await auth.login(admin, 'admin', 'right-password', '1.1.1.1');
    assert.equal((await rejection(auth.session(admin, bearer('not-a-token')))).status, 401);
    assert.equal((await rejection(auth.session(admin, {}))).status, 401);
    assert.equal((await rejection(auth.session({ ...admin, enabled: false }, bearer(issued.token)))).status, 404);
    assert.equal((await rejection(auth.login({ ...admin, enabled: false }, 'admin', 'right-password', '1.1.1.1'))).status, 404);
  });

  it('changing the password ends existing sessions', async () => {
    const auth = new AdminAuth({ clock: new ManualClock() });
    const issued = await auth.login(admin, 'admin', 'right-password', '1.1.1.1');
    const changed = { ...admin, passwordHash: await hashPassword('new-password') };
    assert.equal((await rejection(auth.session(changed, bearer(issued.token)))).status, 401);
  });

  it('the sixth login after five failures is refused with 429 and retry-after, even with the right password', async () => {
    const clock = new ManualClock();
    const auth = new AdminAuth({ clock });
    for (let i = 0; i < 5; i++) assert.equal((await rejection(auth.login(admin, 'admin', `guess-${i}`, '2.2.2.2'))).status, 401);
    const locked = await rejection(auth.login(admin, 'admin', 'right-password', '2.2.2.2'));
    assert.equal(locked.status, 429);
    assert.equal(locked.code, 'login_throttled');
    assert.equal(locked.retryAfterSec, 60);
    clock.advance(60_000);
    assert.ok((await auth.login(admin, 'admin', 'right-password', '2.2.2.2')).token);
  });

  it('a plain password is hashed once in memory and logs in; the remembered start-up hash is reused', async () => {
    const auth = new AdminAuth({ clock: new ManualClock() });
    const plain = settings({ password: 'old-plain' });
    const first = await auth.effectiveHash(plain);
    assert.match(first ?? '', /^scrypt\$/);
    assert.equal(await auth.effectiveHash(plain), first, 'memoised');
    assert.ok((await auth.login(plain, 'admin', 'old-plain', '1.1.1.1')).token);
    const seeded = new AdminAuth({ clock: new ManualClock() });
    seeded.rememberPlainHash('old-plain', 'scrypt$seeded');
    assert.equal(await seeded.effectiveHash(plain), 'scrypt$seeded');
  });

  it('with no password configured nobody logs in', async () => {
    const auth = new AdminAuth({ clock: new ManualClock() });
    assert.equal((await rejection(auth.login(settings(), 'admin', '', '1.1.1.1'))).status, 401);
  });
});
