// The route table: exact paths, one-parameter routes with and without a fixed suffix, methods of
// one path registered apart, and malformed escapes that must answer 404 rather than throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestContext } from '../../../src/http/context.js';
import { RouteTable } from '../../../src/http/route-table.js';

const seen: string[] = [];
const param = (name: string) => async (_ctx: RequestContext, p: string) => void seen.push(`${name}:${p}`);
const plain = (name: string) => async () => void seen.push(name);
const ctx = {} as RequestContext;

const table = new RouteTable()
  .add('/t', 'plain', { GET: plain('list') })
  .add('/t', 'plain', { POST: plain('create') })
  .addPrefix('/t/', 'plain', { PATCH: param('update') })
  .addPrefix('/t/', 'plain', { DELETE: param('delete') })
  .addPrefix('/t/', 'plain', { POST: param('rotate') }, '/rotate');

async function call(path: string, method: string): Promise<string | undefined> {
  const route = table.find(path);
  const h = route?.methods[method];
  if (!h) return undefined;
  seen.length = 0;
  await h(ctx);
  return `${seen[0]} ${route.pattern}`;
}

test('one path, methods added apart', async () => {
  assert.equal(await call('/t', 'GET'), 'list /t');
  assert.equal(await call('/t/', 'POST'), 'create /t');
});

test('a parameter at the end, and before a fixed suffix', async () => {
  assert.equal(await call('/t/alice', 'PATCH'), 'update:alice /t/{id}');
  assert.equal(await call('/t/alice', 'DELETE'), 'delete:alice /t/{id}');
  assert.equal(await call('/t/alice/rotate', 'POST'), 'rotate:alice /t/{id}/rotate');
  assert.equal(await call('/t/a%20b/rotate', 'POST'), 'rotate:a b /t/{id}/rotate');
  assert.equal(await call('/t/alice/rotate', 'PATCH'), undefined, 'the suffix route has only POST');
});

test('no match: empty parameter, extra segments, an escaped slash, a malformed escape', () => {
  for (const path of ['/t//rotate', '/t/a/b/rotate', '/t/a/b', '/t/a%2Fb', '/t/a%2Fb/rotate', '/t/%E0%A4%A', '/t/%E0/rotate']) assert.equal(table.find(path), undefined, path);
});
