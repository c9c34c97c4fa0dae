// The dashboard's static file handlers over a throwaway build folder: the page and hashed assets
// with their cache policy and security headers, compressed twins chosen by Accept-Encoding
// (q-values included), ETag revalidation, HEAD, 404 for names not in the build (traversal
// attempts included), and 503 with a clear message when nothing is built yet.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync, brotliCompressSync, gunzipSync, brotliDecompressSync } from 'node:zlib';
import type { RequestContext } from '../../../src/http/context.js';
import { pickCoding } from '../../../src/http/dashboard/accept-encoding.js';
import { DASHBOARD_CSP } from '../../../src/http/dashboard/security-headers.js';
import { dashboardStaticHandlers } from '../../../src/http/dashboard/static-files.js';
import { sendError } from '../../../src/http/respond.js';
import { toGatewayError } from '../../../src/domain/errors.js';

const INDEX = '<!doctype html><title>x</title><script type="module" src="/dashboard/assets/app-abc123.js"></script>';
const APP_JS = `console.log(${JSON.stringify('dashboard '.repeat(200))});`;

/** A build folder like `npm run build:web` writes. */
function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'ccgate-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets/app-abc123.js'), APP_JS);
  writeFileSync(join(root, 'assets/app-abc123.js.gz'), gzipSync(APP_JS));
  writeFileSync(join(root, 'assets/app-abc123.js.br'), brotliCompressSync(APP_JS));
  writeFileSync(join(root, 'assets/style-def456.css'), 'body{margin:0}');
  writeFileSync(join(root, 'secret.txt'), 'not an asset');
  return root;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Serves the handlers the way the route table does (page at /dashboard, assets by name). */
function serve(root: string, warnings: string[]): Server {
  const handlers = dashboardStaticHandlers(root);
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const ctx = { req, res, path, search: '', requestId: 'req_test', access: {}, services: { logs: { app: { warn: (_o: unknown, msg: string) => warnings.push(msg) } } } } as unknown as RequestContext;
    const run = path === '/dashboard' ? handlers.page(ctx) : handlers.asset(ctx, decodeURIComponent(path.slice('/dashboard/assets/'.length)));
    run.catch((err: unknown) => sendError(res, 'plain', toGatewayError(err), 'req_test'));
  });
}

function get(server: Server, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

function assertSecurityHeaders(a: Answer, what: string): void {
  assert.equal(a.headers['content-security-policy'], DASHBOARD_CSP, `${what}: CSP`);
  assert.equal(a.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(a.headers['referrer-policy'], 'no-referrer', `${what}: referrer-policy`);
  assert.equal(a.headers['x-frame-options'], 'DENY', `${what}: x-frame-options`);
}

describe('dashboard static files', () => {
  let server: Server;
  const warnings: string[] = [];
  before(async () => {
    server = serve(fakeBuild(), warnings);
    await listen(server);
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('the page: index.html, no-cache, html type, ETag, security headers', async () => {
    const a = await get(server, '/dashboard');
    assert.equal(a.status, 200);
    assert.equal(a.body.toString(), INDEX);
    assert.equal(a.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(a.headers['cache-control'], 'no-cache');
    assert.equal(a.headers['vary'], 'accept-encoding');
    assert.match(a.headers['etag'] ?? '', /^"[\w-]+"$/);
    assertSecurityHeaders(a, 'page');
  });

  test('hashed assets: immutable for a year, type by extension, twins by Accept-Encoding', async () => {
    const plain = await get(server, '/dashboard/assets/app-abc123.js');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), APP_JS);
    assertSecurityHeaders(plain, 'asset');

    const br = await get(server, '/dashboard/assets/app-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.body).toString(), APP_JS);
    assert.equal(Number(br.headers['content-length']), br.body.length);

    const gz = await get(server, '/dashboard/assets/app-abc123.js', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), APP_JS);
    assert.notEqual(gz.headers['etag'], br.headers['etag'], 'each representation has its own ETag');

    const refusedBr = await get(server, '/dashboard/assets/app-abc123.js', { 'accept-encoding': 'br;q=0, gzip;q=0.5' });
    assert.equal(refusedBr.headers['content-encoding'], 'gzip');

    const css = await get(server, '/dashboard/assets/style-def456.css', { 'accept-encoding': 'br' });
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(css.headers['content-encoding'], undefined, 'no twin: sent as it is');
    assert.equal(css.body.toString(), 'body{margin:0}');
  });

  test('If-None-Match with the current ETag is a 304 without a body; HEAD has headers only', async () => {
    const first = await get(server, '/dashboard/assets/app-abc123.js', { 'accept-encoding': 'gzip' });
    const again = await get(server, '/dashboard/assets/app-abc123.js', { 'accept-encoding': 'gzip', 'if-none-match': first.headers['etag']! });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const stale = await get(server, '/dashboard/assets/app-abc123.js', { 'accept-encoding': 'gzip', 'if-none-match': '"other"' });
    assert.equal(stale.status, 200);
    const head = await get(server, '/dashboard', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(Number(head.headers['content-length']), Buffer.byteLength(INDEX));
  });

  test('only names from the build are served: unknown, twin files and traversal are 404', async () => {
    for (const path of ['/dashboard/assets/nope.js', '/dashboard/assets/app-abc123.js.gz', '/dashboard/assets/..%2Fsecret.txt', '/dashboard/assets/..%2Findex.html']) {
      const a = await get(server, path);
      assert.equal(a.status, 404, path);
      assert.equal(JSON.parse(a.body.toString()).error.code, 'not_found', path);
      assertSecurityHeaders(a, path);
    }
  });

  test('no build: 503 naming the fix, one warning in the log, then served once it is built', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ccgate-web-empty-'));
    const logged: string[] = [];
    const empty = serve(root, logged);
    await listen(empty);
    try {
      for (const path of ['/dashboard', '/dashboard/assets/app-abc123.js']) {
        const a = await get(empty, path);
        assert.equal(a.status, 503, path);
        assert.equal(JSON.parse(a.body.toString()).error.message, 'dashboard not built: run npm run build');
        assertSecurityHeaders(a, path);
      }
      assert.deepEqual(logged, ['dashboard not built: run npm run build']);
      writeFileSync(join(root, 'index.html'), INDEX);
      const built = await get(empty, '/dashboard');
      assert.equal(built.status, 200);
      assert.equal(built.body.toString(), INDEX);
    } finally {
      await new Promise<void>((r) => empty.close(() => r()));
    }
  });
});

describe('Accept-Encoding choice', () => {
  const both = new Set(['br', 'gzip'] as const);
  test('brotli first, then gzip, else identity; q=0 refuses; * stands for the rest', () => {
    assert.equal(pickCoding(undefined, both), undefined);
    assert.equal(pickCoding('', both), undefined);
    assert.equal(pickCoding('gzip, deflate, br, zstd', both), 'br');
    assert.equal(pickCoding('gzip, deflate', both), 'gzip');
    assert.equal(pickCoding('GZIP', both), 'gzip');
    assert.equal(pickCoding('x-gzip', both), 'gzip');
    assert.equal(pickCoding('br;q=0, gzip', both), 'gzip');
    assert.equal(pickCoding('br;q=0.2, gzip;q=0.8', both), 'gzip');
    assert.equal(pickCoding('*', both), 'br');
    assert.equal(pickCoding('*;q=0', both), undefined);
    assert.equal(pickCoding('identity', both), undefined);
    assert.equal(pickCoding('br', new Set(['gzip'] as const)), undefined);
  });
});
