// Dashboard changes and hand edits of the same config files, against the real gateway process:
// comments and layout kept byte for byte, a hand-written file broken by hand refused rather than
// "fixed", a writer editing the file in a loop while the API changes it (neither loses anything),
// hand edits still reloaded (and audited as "file"), and upstream changes in effect at once.
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'jsonc-parser';
import type { AuditList, TenantCreated, UpstreamRow } from '../../src/http/dashboard/api-types.js';
import type { Stack } from '../support/stack.js';
import { API, ask, manageStack, waitFor } from './manage-helpers.js';
import { assertPlainError, call, type Answer } from './usage-api-client.js';

const HAND_KEY = 'ccg-hand-written-key-0001';
const MARKS = 24;
const HEADER = `// Tenants, edited by hand and from the dashboard. Marks: ${'.'.repeat(MARKS)}\n`;
const COMMENTED = `${HEADER}{
  /* the team */
  "tenants": [
    { "id": "hand", "key": "${HAND_KEY}", "allowedModels": ["*"] }, // written by hand

    {
      "id": "dora",      // aligned on purpose
      "name":   "Dora",
      "key": "ccg-dora-hand-key-00001",
      "limits": { "daily": { "maxUSD": 5 } } // five a day
    }
  ]
}
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('dashboard changes alongside hand edits', () => {
  let stack: Stack;
  let auth: Record<string, string>;
  const file = () => join(stack.gw.configDir, 'tenants.json');
  const req = <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>> => call<T>(stack.gw.baseUrl, method, `${API}${path}`, { headers: auth, ...(body === undefined ? {} : { body }) });

  before(async () => {
    ({ stack, auth } = await manageStack({ fakes: 2 }));
    writeFileSync(file(), COMMENTED);
    await waitFor(async () => (await ask(stack, HAND_KEY)) === 'ok', 'the hand-written tenants to load');
  });
  after(() => stack.close());

  test('a change keeps every other byte of a commented, hand-formatted file', async () => {
    assert.equal((await req('PATCH', '/tenants/dora', { limits: { daily: { maxUSD: 7 } } })).status, 200);
    const text = readFileSync(file(), 'utf8');
    const stamp = /"updatedAt": "([^"]+)"/.exec(text)?.[1];
    assert.ok(stamp && Math.abs(Date.parse(stamp) - Date.now()) < 60_000, text);
    const expected = COMMENTED.replace('"limits": { "daily": { "maxUSD": 5 } } // five a day\n', `"limits": { "daily": { "maxUSD": 7 } }, // five a day\n      "updatedAt": "${stamp}"\n`);
    assert.equal(text, expected);
  });

  test('a file broken by hand is not written over: 409 naming the problem', async () => {
    const good = readFileSync(file(), 'utf8');
    const broken = good.replace('"name":   "Dora",', '"name":   "Dora", "timezone": "Atlantis/Capital",');
    writeFileSync(file(), broken);
    const r = await req('PATCH', '/tenants/dora', { name: 'D' });
    assertPlainError(r, 409, 'conflict', /tenants\.json tenants\[1\]\.timezone: unknown IANA time zone/);
    assert.equal(readFileSync(file(), 'utf8'), broken);
    assert.ok(!r.text.includes('ccg-dora-hand-key'), 'no secret in the answer');
    writeFileSync(file(), good);
  });

  test('a writer editing the file in a loop while the API changes it: neither loses a change', async () => {
    // The hand writer sets one mark at a time in the header comment, in place, like an editor
    // saving over the file; the API creates tenants meanwhile (a change takes some milliseconds:
    // two validations and an fsync, so marks often land mid-change and it is redone; a change that
    // keeps colliding gets a 409 and is sent again). Every mark and every tenant must be in the
    // file at the end, and every created key must work.
    const markAt = HEADER.indexOf('Marks: ') + 'Marks: '.length;
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < MARKS; i++) {
        const fd = openSync(file(), 'r+');
        writeSync(fd, 'x', markAt + i);
        closeSync(fd);
        await sleep(40 + (i % 4) * 15);
      }
      writing = false;
    })();
    const created: TenantCreated[] = [];
    let n = 0;
    while (writing || n < 8) {
      let r = await req<TenantCreated>('POST', '/tenants', { name: `Race ${n}` });
      for (let retry = 0; r.status === 409 && retry < 3; retry++) r = await req<TenantCreated>('POST', '/tenants', { name: `Race ${n}` }); // "kept changing"
      assert.equal(r.status, 201, r.text);
      created.push(r.json);
      n++;
    }
    await writer;
    const text = readFileSync(file(), 'utf8');
    assert.ok(text.startsWith(HEADER.replace('.'.repeat(MARKS), 'x'.repeat(MARKS))), `every hand mark survived:\n${text.slice(0, 120)}`);
    const ids = (parse(text) as { tenants: Array<{ id: string }> }).tenants.map((t) => t.id);
    for (const c of created) assert.ok(ids.includes(c.tenant.id), `${c.tenant.id} survived`);
    assert.ok(text.includes('{ "id": "hand", "key": "ccg-hand-written-key-0001", "allowedModels": ["*"] }, // written by hand\n'));
    for (const c of created) assert.equal(await ask(stack, c.apiKey), 'ok');
  });

  test('hand edits are still reloaded after dashboard writes, and audited as "file"', async () => {
    const text = readFileSync(file(), 'utf8');
    writeFileSync(file(), text.replace('"id": "hand", "key": "ccg-hand-written-key-0001", "allowedModels": ["*"]', '"id": "hand", "key": "ccg-hand-written-key-0001", "allowedModels": ["*sonnet*"]'));
    await waitFor(async () => (await ask(stack, HAND_KEY, 'claude-haiku-4-5')) === 403, 'the hand edit to load');
    const entries = (await req<AuditList>('GET', '/audit?limit=5')).json.entries;
    assert.deepEqual(entries[0], { ...entries[0]!, actor: 'file', action: 'tenant.update', target: 'hand', changes: { allowedModels: [['*'], ['*sonnet*']] } });
    const races = entries.filter((e) => e.action === 'tenant.create');
    assert.ok(races.every((e) => e.actor === 'admin:root'));
  });

  test('upstreams: disabling one sends every request to the other; weight, priority and note are kept in the file', async () => {
    const upFile = join(stack.gw.configDir, 'upstreams.json');
    const mode = statSync(upFile).mode & 0o777;
    const r = await req<{ upstream: UpstreamRow }>('PATCH', '/upstreams/up1', { enabled: false, weight: 7, priority: 2, note: 'maintenance until Friday' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.upstream.enabled, r.json.upstream.weight, r.json.upstream.priority, r.json.upstream.note, r.json.upstream.state], [false, 7, 2, 'maintenance until Friday', 'disabled']);
    assert.ok(!r.text.includes(stack.fakes[0]!.key), 'no upstream key in the answer');
    const [one, two] = [stack.fakes[0]!.received.length, stack.fakes[1]!.received.length];
    for (let i = 0; i < 4; i++) assert.equal(await ask(stack, HAND_KEY, 'claude-sonnet-4-6'), 'ok');
    assert.equal(stack.fakes[0]!.received.length, one, 'the disabled upstream got nothing');
    assert.equal(stack.fakes[1]!.received.length, two + 4);
    const saved = (parse(readFileSync(upFile, 'utf8')) as { upstreams: Array<Record<string, unknown>> }).upstreams[0]!;
    assert.deepEqual([saved['enabled'], saved['weight'], saved['priority'], saved['description'], saved['key']], [false, 7, 2, 'maintenance until Friday', stack.fakes[0]!.key]);
    assert.equal(statSync(upFile).mode & 0o777, mode);

    for (const [body, message] of [
      [{ weight: 5000 }, /^weight: .*\(upstreams\.json upstreams\[0\]\.weight\)/],
      [{ weight: 1.5 }, /^weight: /],
      [{ priority: -1 }, /^priority: /],
      [{ note: 'x'.repeat(501) }, /^note: /],
      [{ key: 'sk-steal' }, /^Unknown field "key"/],
    ] as const) {
      assertPlainError(await req('PATCH', '/upstreams/up1', body), 400, 'invalid_request', message);
    }
    assertPlainError(await req('PATCH', '/upstreams/nope', { enabled: true }), 404, 'not_found');
    assert.equal((await req('PATCH', '/upstreams/up1', { enabled: true })).status, 200);
    const entry = (await req<AuditList>('GET', '/audit?limit=1')).json.entries[0];
    assert.deepEqual([entry?.action, entry?.target, entry?.changes], ['upstream.update', 'up1', { enabled: [false, true] }]);
  });
});
