// Per-upstream options through the real gateway: URL path prefix, Bearer auth, model renaming;
// and request bytes forwarded unchanged when nothing is renamed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { basicConfig, startGatewayProcess, tempDir, writeConfig, type GatewayProcess } from '../support/gateway-process.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { TENANT_KEY, defaultTenants } from '../support/stack.js';

async function send(gw: GatewayProcess, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await request(`${gw.baseUrl}/anthropic/v1/messages`, { method: 'POST', headers: { 'x-api-key': TENANT_KEY, 'content-type': 'application/json' }, body });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

describe('upstream options', () => {
  let prefixed: FakeUpstream;
  let renaming: FakeUpstream;
  let gw: GatewayProcess;
  before(async () => {
    prefixed = await startFakeUpstream({ pathPrefix: '/mirror/api' });
    renaming = await startFakeUpstream();
    const dir = tempDir();
    writeConfig(
      dir,
      basicConfig(
        [
          { id: 'prefixed', url: prefixed.url, key: prefixed.key, authHeader: 'bearer', models: ['claude-opus-*'] },
          { id: 'renaming', url: renaming.url, key: renaming.key, models: [{ match: 'claude-sonnet-4-6', rename: 'vendor-sonnet-latest' }] },
        ],
        defaultTenants(),
      ),
    );
    gw = await startGatewayProcess({ configDir: dir });
  });
  after(async () => {
    await gw.stop();
    await prefixed.close();
    await renaming.close();
  });

  test('a URL path prefix is kept and the key goes as Bearer; request bytes are forwarded unchanged', async () => {
    // Odd spacing and key order: a re-serialised body would differ.
    const body = '{ "max_tokens": 10,  "model": "claude-opus-4-8", "messages": [ {"role":"user","content":"Hi \\u00e9"} ] , "x_extra": [1, 2.50] }';
    const r = await send(gw, body);
    assert.equal(r.status, 200);
    const rec = prefixed.received.at(-1)!;
    assert.equal(rec.url, '/mirror/api/v1/messages');
    assert.equal(rec.headers['authorization'], `Bearer ${prefixed.key}`);
    assert.equal(rec.headers['x-api-key'], undefined);
    assert.equal(rec.body, body);
  });

  test('models are routed by the upstream model list, and renamed before forwarding', async () => {
    const r = await send(gw, JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }));
    assert.equal(r.status, 200);
    const sent = JSON.parse(renaming.received.at(-1)!.body) as { model: string; messages: unknown[] };
    assert.equal(sent.model, 'vendor-sonnet-latest');
    assert.deepEqual(sent.messages, [{ role: 'user', content: 'Hi' }]);
    assert.equal(prefixed.received.filter((x) => x.body.includes('sonnet')).length, 0);
  });

  test('a model no upstream serves gets a clear 503', async () => {
    const r = await send(gw, JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }));
    assert.equal(r.status, 503);
    assert.match(String((r.json['error'] as { message: string }).message), /No enabled upstream serves model claude-haiku-4-5/);
  });
});
