// The real gateway serves the built dashboard (dist/web, made by `npm run build`): the page at
// /dashboard and /dashboard/, every asset index.html names with its compressed twin, the strict
// CSP and cache policy, a plain-protocol 404 for anything else under /dashboard. Also checks the
// build itself: no inline script or style in the page, every asset hashed.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DASHBOARD_CSP } from '../../src/http/dashboard/security-headers.js';
import { REPO_ROOT } from '../support/gateway-process.js';
import { startStack, type Stack } from '../support/stack.js';

const WEB_ROOT = join(REPO_ROOT, 'dist/web');

function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard served by the gateway', () => {
  let stack: Stack;
  let html: string;
  let assets: string[];
  before(async () => {
    assert.ok(existsSync(join(WEB_ROOT, 'index.html')), 'dist/web/index.html is missing: run npm run build');
    html = readFileSync(join(WEB_ROOT, 'index.html'), 'utf8');
    assets = [...html.matchAll(/(?:src|href)="\/dashboard\/assets\/([^"]+)"/g)].map((m) => m[1]!);
    stack = await startStack();
  });
  after(() => stack.close());

  test('the build: hashed assets, no inline script or style attribute in the page', () => {
    assert.ok(assets.some((a) => a.endsWith('.js')), 'index.html loads a script');
    assert.ok(assets.some((a) => a.endsWith('.css')), 'index.html loads a style sheet');
    for (const a of assets) assert.match(a, /-[\w-]{8}\.(js|css)$/, `${a} is hashed`);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /\sstyle=/, 'no style attribute');
    assert.doesNotMatch(html, /<style/, 'no style element');
    assert.doesNotMatch(html, /https?:\/\//, 'nothing from another origin');
  });

  test('/dashboard and /dashboard/ answer the page with the CSP and no-cache', async () => {
    for (const path of ['/dashboard', '/dashboard/']) {
      const a = await get(stack.gw.baseUrl, path);
      assert.equal(a.status, 200, path);
      assert.equal(a.body.toString(), html, path);
      assert.equal(a.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(a.headers['cache-control'], 'no-cache');
      assert.equal(a.headers['content-security-policy'], DASHBOARD_CSP);
      assert.equal(a.headers['x-frame-options'], 'DENY');
      assert.equal(a.headers['x-content-type-options'], 'nosniff');
      assert.equal(a.headers['referrer-policy'], 'no-referrer');
    }
  });

  test('every asset: immutable, brotli or gzip by Accept-Encoding, same bytes as the build', async () => {
    for (const name of assets) {
      const path = `/dashboard/assets/${name}`;
      const original = readFileSync(join(WEB_ROOT, 'assets', name));
      const br = await get(stack.gw.baseUrl, path, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.status, 200, path);
      assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(br.headers['content-encoding'], 'br', path);
      assert.equal(br.headers['vary'], 'accept-encoding');
      assert.deepEqual(brotliDecompressSync(br.body), original);
      const gz = await get(stack.gw.baseUrl, path, { 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip', path);
      assert.deepEqual(gunzipSync(gz.body), original);
      const plain = await get(stack.gw.baseUrl, path);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.deepEqual(plain.body, original);
      assert.equal(plain.headers['content-security-policy'], DASHBOARD_CSP);
    }
  });

  test('anything else under /dashboard is a plain 404; HEAD works; no CORS on the dashboard', async () => {
    for (const path of ['/dashboard/assets/missing-00000000.js', '/dashboard/index.html', '/dashboard/assets/%E0', '/dashboard/assets/..%2F..%2Fpackage.json']) {
      const a = await get(stack.gw.baseUrl, path);
      assert.equal(a.status, 404, path);
      assert.equal(JSON.parse(a.body.toString()).error.code, 'not_found', path);
    }
    const head = await get(stack.gw.baseUrl, '/dashboard/', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers['access-control-allow-origin'], undefined);
  });
});
