// Where a request's session id comes from, and what is never used as one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SESSION_ID_CHARS } from '../../../src/routing/routing-defaults.js';
import { bindingKey, sessionKeyFrom } from '../../../src/routing/session-key.js';

const SESSION = '3f0c2a8e-7b1d-4c55-9e0a-1b2c3d4e5f60';
const jsonUserId = (session: unknown) => JSON.stringify({ device_id: 'd'.repeat(64), account_uuid: 'acc-1', session_id: session });
const withUserId = (userId: unknown) => ({ model: 'claude-opus-4-8', metadata: { user_id: userId } });

describe('sessionKeyFrom', () => {
  it('takes x-claude-code-session-id first', () => {
    const body = withUserId(jsonUserId('from-body'));
    assert.equal(sessionKeyFrom({ 'x-claude-code-session-id': SESSION }, body), SESSION);
  });

  it('accepts a header array and a hand-built record with other casing', () => {
    assert.equal(sessionKeyFrom({ 'x-claude-code-session-id': ['', SESSION] }, undefined), SESSION);
    assert.equal(sessionKeyFrom({ 'X-Claude-Code-Session-Id': ` ${SESSION} ` }, undefined), SESSION);
  });

  it('falls back to session_id inside the JSON-encoded metadata.user_id', () => {
    assert.equal(sessionKeyFrom({}, withUserId(jsonUserId(SESSION))), SESSION);
    assert.equal(sessionKeyFrom({ 'x-claude-code-session-id': '  ' }, withUserId(jsonUserId(SESSION))), SESSION);
  });

  it('reads the legacy user_<hash>_account_<uuid>_session_<uuid> form', () => {
    assert.equal(sessionKeyFrom({}, withUserId(`user_${'ab'.repeat(32)}_account__session_${SESSION}`)), SESSION);
    assert.equal(sessionKeyFrom({}, withUserId(`user_${'ab'.repeat(32)}_account_0f9e8d7c-1111-2222-3333-444455556666_session_${SESSION}`)), SESSION);
  });

  it('ignores a user_id that names a user, not a session', () => {
    assert.equal(sessionKeyFrom({}, withUserId('alice@example.com')), undefined);
    assert.equal(sessionKeyFrom({}, withUserId(JSON.stringify({ device_id: 'x' }))), undefined);
    assert.equal(sessionKeyFrom({}, withUserId(jsonUserId(42))), undefined);
  });

  it('never derives a key from the system prompt or messages', () => {
    const body = { system: [{ type: 'text', text: 'You are Claude Code' }], messages: [{ role: 'user', content: 'hi' }] };
    assert.equal(sessionKeyFrom({}, body), undefined);
  });

  it('survives malformed bodies', () => {
    for (const body of [undefined, null, 'text', 42, [], { metadata: null }, { metadata: 'x' }, withUserId(7), withUserId('{not json')]) {
      assert.equal(sessionKeyFrom({}, body), undefined);
    }
  });

  it(`ignores ids longer than ${MAX_SESSION_ID_CHARS} characters`, () => {
    assert.equal(sessionKeyFrom({ 'x-claude-code-session-id': 'x'.repeat(MAX_SESSION_ID_CHARS + 1) }, undefined), undefined);
    assert.equal(sessionKeyFrom({ 'x-claude-code-session-id': 'x'.repeat(MAX_SESSION_ID_CHARS) }, undefined), 'x'.repeat(MAX_SESSION_ID_CHARS));
  });
});

describe('bindingKey', () => {
  it('scopes a session to its tenant and model', () => {
    assert.notEqual(bindingKey('t1', SESSION, 'm'), bindingKey('t2', SESSION, 'm'));
    assert.notEqual(bindingKey('t1', SESSION, 'opus'), bindingKey('t1', SESSION, 'haiku'));
    assert.equal(bindingKey('t1', SESSION, 'm'), bindingKey('t1', SESSION, 'm'));
  });

  it('cannot be forged by a tenant id that contains the separator', () => {
    assert.notEqual(bindingKey('a', 'x|1:m|s', 'm'), bindingKey('a|1:m|x', 's', 'm'));
    assert.notEqual(bindingKey('ab', 'c', 'm'), bindingKey('a', 'bc', 'm'));
  });
});
