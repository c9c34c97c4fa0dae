// The config editor against real files: atomic write that keeps mode, comments and a symlink;
// validation like start-up; and hand edits landing mid-change, which are never lost.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { editConfigFile, MAX_EDIT_ATTEMPTS, type EditOptions } from '../../../src/config/config-editor.js';
import { ConfigError } from '../../../src/config/load-config.js';
import { appendTenant, patchTenant } from '../../../src/config/tenant-edits.js';
import { entryIndex } from '../../../src/config/config-entries.js';
import { GatewayError } from '../../../src/domain/errors.js';
import { tempDir } from '../../support/gateway-process.js';

const TENANTS = `// hand-written, keep my comments
{
  "tenants": [
    { "id": "alice", "key": "ccg-alice-key-000000" }, // Alice
    {
      "id": "bob",
      "key": "ccg-bob-key-0000000"   // Bob's
    }
  ]
}
`;

function folder(tenants = TENANTS): { dir: string; file: string } {
  const dir = tempDir('ccgate-editor-');
  writeFileSync(join(dir, 'tenants.json'), tenants);
  return { dir, file: join(dir, 'tenants.json') };
}

/** Options adding tenant `id` (a pure edit, so it can be redone). */
function addTenant(dir: string, id: string, extra: Partial<EditOptions<string>> = {}): EditOptions<string> {
  return { configDir: dir, dataDir: tempDir(), file: 'tenants.json', edit: (text) => ({ text: appendTenant(text, { id, key: `ccg-${id}-key-000000` }), result: id }), ...extra };
}

/** A hand edit in place (same file, like `echo >` or an editor writing over it). */
function handEditInPlace(file: string, id: string): void {
  writeFileSync(file, appendTenant(readFileSync(file, 'utf8'), { id, key: `ccg-${id}-hand-00000` }));
}

/** A hand edit saved the way editors often do: new file renamed over the old one. */
function handEditByRename(file: string, id: string): void {
  writeFileSync(`${file}.swp`, appendTenant(readFileSync(file, 'utf8'), { id, key: `ccg-${id}-hand-00000` }));
  renameSync(`${file}.swp`, file);
}

function ids(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/"id": "([^"]+)"/g)].map((m) => m[1]!);
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

/** Makes a folder unwritable even for root (chattr +i); false where the file system cannot. */
function freeze(dir: string, on: boolean): boolean {
  try {
    execFileSync('chattr', [on ? '+i' : '-i', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('config editor', () => {
  test('writes atomically: comments kept, the mode kept, no temp file left', () => {
    const { dir, file } = folder();
    chmodSync(file, 0o640);
    const out = editConfigFile(addTenant(dir, 'carol'));
    assert.equal(out.attempts, 1);
    assert.equal(out.written, true);
    assert.deepEqual(out.next.tenants.map((t) => t.id), ['alice', 'bob', 'carol']);
    assert.deepEqual(out.base.tenants.map((t) => t.id), ['alice', 'bob']);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith(TENANTS.slice(0, TENANTS.indexOf('    }\n  ]'))), text);
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(leftovers(dir), []);
  });

  test('a missing file is created with mode 0600', () => {
    const dir = tempDir('ccgate-editor-');
    editConfigFile(addTenant(dir, 'carol'));
    assert.equal(statSync(join(dir, 'tenants.json')).mode & 0o777, 0o600);
    assert.deepEqual(ids(join(dir, 'tenants.json')), ['carol']);
  });

  test('a change the schema refuses throws ConfigError naming the field, and nothing is written', () => {
    const { dir, file } = folder();
    const edit = (text: string) => ({ text: patchTenant(text, entryIndex(text, 'tenants', 'bob'), { timezone: 'Mars/Olympus' }, 'now'), result: 0 });
    assert.throws(() => editConfigFile({ configDir: dir, dataDir: tempDir(), file: 'tenants.json', edit }), (err: unknown) => err instanceof ConfigError && /tenants\[1\]\.timezone: unknown IANA time zone/.test(err.message));
    assert.equal(readFileSync(file, 'utf8'), TENANTS);
    assert.deepEqual(leftovers(dir), []);
  });

  test('files broken by hand are not written over: 409 naming the problem', () => {
    const broken = TENANTS.replace('"id": "bob",', '"id": "bob", "timezone": "Nowhere/Land",');
    const { dir, file } = folder(broken);
    assert.throws(() => editConfigFile(addTenant(dir, 'carol')), (err: unknown) => err instanceof GatewayError && err.status === 409 && /tenants\.json tenants\[1\]\.timezone: unknown IANA time zone/.test(err.message));
    assert.equal(readFileSync(file, 'utf8'), broken);
  });

  test('an extra check (the price book) counts like the schema', () => {
    const { dir } = folder();
    const verify = () => {
      throw new ConfigError([{ file: join(dir, 'server.json'), path: 'pricing.overrides', message: 'bad' }]);
    };
    assert.throws(() => editConfigFile(addTenant(dir, 'carol', { verify })), (err: unknown) => err instanceof GatewayError && err.status === 409);
  });

  test('a change that changes nothing writes nothing', () => {
    const { dir, file } = folder();
    const before = statSync(file).mtimeMs;
    const out = editConfigFile({ configDir: dir, dataDir: tempDir(), file: 'tenants.json', edit: (text) => ({ text, result: 0 }) });
    assert.equal(out.written, false);
    assert.equal(statSync(file).mtimeMs, before);
  });

  for (const [how, handEdit] of [
    ['in place', handEditInPlace],
    ['by rename', handEditByRename],
  ] as const) {
    test(`a hand edit (${how}) between the read and the rename: the change is redone on it, both survive`, () => {
      const { dir, file } = folder();
      let fired = 0;
      const out = editConfigFile(addTenant(dir, 'carol', { hooks: { beforeCheck: () => fired++ === 0 && handEdit(file, 'dave') } }));
      assert.equal(out.attempts, 2);
      assert.deepEqual(ids(file), ['alice', 'bob', 'dave', 'carol']);
      assert.deepEqual(out.base.tenants.map((t) => t.id), ['alice', 'bob', 'dave'], 'the base is what the change was made on');
      assert.ok(readFileSync(file, 'utf8').startsWith('// hand-written, keep my comments\n'));
      assert.deepEqual(leftovers(dir), []);
    });
  }

  test('an in-place write landing after the check, just before the rename, is recovered from the replaced file', () => {
    const { dir, file } = folder();
    let fired = 0;
    const out = editConfigFile(addTenant(dir, 'carol', { hooks: { beforeRename: () => fired++ === 0 && handEditInPlace(file, 'dave') } }));
    assert.equal(out.attempts, 2);
    assert.deepEqual(ids(file), ['alice', 'bob', 'dave', 'carol']);
  });

  test('a change to another config file meanwhile also restarts the change (it is validated with all three)', () => {
    const { dir, file } = folder();
    let fired = 0;
    const out = editConfigFile(addTenant(dir, 'carol', { hooks: { beforeCheck: () => fired++ === 0 && writeFileSync(join(dir, 'server.json'), '{ "server": { "port": 3100 } }') } }));
    assert.equal(out.attempts, 2);
    assert.equal(out.next.server.port, 3100);
    assert.deepEqual(ids(file), ['alice', 'bob', 'carol']);
  });

  test('files that keep changing: 409 after a bounded number of tries, every hand edit kept', () => {
    const { dir, file } = folder();
    let n = 0;
    assert.throws(
      () => editConfigFile(addTenant(dir, 'carol', { hooks: { beforeCheck: () => handEditInPlace(file, `hand${n++}`) } })),
      (err: unknown) => err instanceof GatewayError && err.status === 409 && /kept changing/.test(err.message),
    );
    assert.equal(n, MAX_EDIT_ATTEMPTS);
    assert.deepEqual(ids(file), ['alice', 'bob', ...Array.from({ length: MAX_EDIT_ATTEMPTS }, (_, i) => `hand${i}`)]);
    assert.deepEqual(leftovers(dir), []);
  });

  test('a symlinked file: the link stays, its target gets the change', () => {
    const { dir } = folder();
    const real = tempDir('ccgate-real-');
    renameSync(join(dir, 'tenants.json'), join(real, 'tenants.json'));
    symlinkSync(join(real, 'tenants.json'), join(dir, 'tenants.json'));
    editConfigFile(addTenant(dir, 'carol'));
    assert.ok(lstatSync(join(dir, 'tenants.json')).isSymbolicLink());
    assert.equal(readlinkSync(join(dir, 'tenants.json')), join(real, 'tenants.json'));
    assert.deepEqual(ids(join(real, 'tenants.json')), ['alice', 'bob', 'carol']);
    assert.ok(!existsSync(join(dir, 'tenants.json.tmp')));
  });

  test('a folder that cannot be written: a 500 saying so, the file as it was', (t) => {
    const { dir, file } = folder();
    if (!freeze(dir, true)) return t.skip('chattr is not available here');
    try {
      assert.throws(() => editConfigFile(addTenant(dir, 'carol')), (err: unknown) => err instanceof GatewayError && err.status === 500 && /tenants\.json could not be written \(E\w+\); nothing was changed/.test(err.message));
    } finally {
      freeze(dir, false);
    }
    assert.equal(readFileSync(file, 'utf8'), TENANTS);
    assert.deepEqual(leftovers(dir), []);
  });
});
