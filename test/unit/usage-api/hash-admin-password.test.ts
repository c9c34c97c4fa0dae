// First-start hashing of a plain admin password: edited in place with comments kept, the hash
// given to the login service, a read-only file handled by a warning, and never a logged password.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, parse } from 'jsonc-parser';
import { hashAdminPassword, passwordEdits, type AdminPasswordFiles } from '../../../src/config/hash-admin-password.js';
import type { GatewayConfig } from '../../../src/config/types.js';
import { verifyPassword } from '../../../src/domain/password.js';

const PLAIN = 'plain-secret-pw';
const SERVER_JSON = `// CCGate server config
{
  "server": { "port": 3000 }, // the port
  "admin": {
    "enabled": true,
    "username": "admin",
    // change me!
    "password": "${PLAIN}",
    "path": "/dashboard"
  }
}
`;

function config(admin: Partial<GatewayConfig['admin']>): GatewayConfig {
  return { configDir: '/cfg', admin: { enabled: true, path: '/dashboard', username: 'admin', password: undefined, passwordHash: undefined, ...admin } } as GatewayConfig;
}

function memoryFiles(text: string, writable = true) {
  const state = { text, writes: 0 };
  const files: AdminPasswordFiles = {
    read: () => state.text,
    write: (_f, t) => {
      if (!writable) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      state.writes++;
      state.text = t;
    },
  };
  return { state, files };
}

function recorder() {
  const lines: string[] = [];
  const log = { info: (o: object, m: string) => lines.push(JSON.stringify(o) + m), warn: (o: object, m: string) => lines.push(`WARN ${JSON.stringify(o)}${m}`) };
  const remembered: Array<[string, string]> = [];
  return { lines, log, sink: { rememberPlainHash: (p: string, h: string) => remembered.push([p, h]) }, remembered };
}

describe('hashAdminPassword', () => {
  it('replaces password by passwordHash in place, keeping comments and the other fields', async () => {
    const { state, files } = memoryFiles(SERVER_JSON);
    const r = recorder();
    assert.equal(await hashAdminPassword(config({ password: PLAIN }), r.log, r.sink, files), 'rewritten');
    assert.ok(state.text.includes('// change me!') && state.text.includes('// the port') && state.text.startsWith('// CCGate server config'));
    assert.ok(!state.text.includes(PLAIN), 'the plain password is gone');
    const admin = (parse(state.text) as { admin: Record<string, unknown> }).admin;
    assert.equal(admin['password'], undefined);
    assert.deepEqual(Object.keys(admin), ['enabled', 'username', 'passwordHash', 'path'], 'same position');
    assert.equal(await verifyPassword(PLAIN, String(admin['passwordHash'])), true);
    assert.deepEqual(r.remembered, [[PLAIN, admin['passwordHash']]]);
    assert.ok(!r.lines.join('\n').includes(PLAIN), 'never logged');
  });

  it('keeps working in memory with a warning when the file cannot be written', async () => {
    const { state, files } = memoryFiles(SERVER_JSON, false);
    const r = recorder();
    assert.equal(await hashAdminPassword(config({ password: PLAIN }), r.log, r.sink, files), 'memory_only');
    assert.equal(state.text, SERVER_JSON);
    assert.equal(r.remembered.length, 1);
    assert.equal(await verifyPassword(PLAIN, r.remembered[0]![1]), true);
    assert.match(r.lines.join('\n'), /WARN .*EACCES.*hashed in memory only/);
    assert.ok(!r.lines.join('\n').includes(PLAIN));
  });

  it('drops a leftover plain password when a hash is already set, and uses the hash', async () => {
    const withBoth = SERVER_JSON.replace('"path"', '"passwordHash": "scrypt$16384$8$1$abc$def",\n    "path"');
    const { state, files } = memoryFiles(withBoth);
    const r = recorder();
    assert.equal(await hashAdminPassword(config({ password: PLAIN, passwordHash: 'scrypt$16384$8$1$abc$def' }), r.log, r.sink, files), 'rewritten');
    assert.ok(!state.text.includes(PLAIN));
    assert.equal((parse(state.text) as { admin: Record<string, unknown> }).admin['passwordHash'], 'scrypt$16384$8$1$abc$def');
    assert.equal(r.remembered.length, 0, 'the hash wins: nothing to remember');
  });

  it('does not touch a file whose password changed since it was loaded', async () => {
    const { state, files } = memoryFiles(SERVER_JSON.replace(PLAIN, 'edited-meanwhile'));
    const r = recorder();
    assert.equal(await hashAdminPassword(config({ password: PLAIN }), r.log, r.sink, files), 'memory_only');
    assert.equal(state.writes, 0);
  });

  it('leaves a hashed config alone and warns about a hash that is not scrypt', async () => {
    const { state, files } = memoryFiles('{}');
    const r = recorder();
    assert.equal(await hashAdminPassword(config({ passwordHash: 'scrypt$1$2$3$4$5' }), r.log, r.sink, files), 'hashed_at_rest');
    assert.equal(await hashAdminPassword(config({ passwordHash: 'hunter2' }), r.log, r.sink, files), 'hashed_at_rest');
    assert.equal(state.writes, 0);
    assert.equal(r.lines.filter((l) => l.includes('not a scrypt hash')).length, 1);
  });

  it('passwordEdits works on JSON with trailing commas', () => {
    const text = '{ "admin": { "password": "x", }, }';
    const edits = passwordEdits(text, 'x', 'scrypt$h');
    assert.ok(edits);
    assert.equal(applyEdits(text, edits), '{ "admin": { "passwordHash": "scrypt$h", }, }');
  });
});
