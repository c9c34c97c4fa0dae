// The comparison baseline: a minimal pass-through proxy (node:http + the same undici Pool, no
// auth, no accounting, no routing). The gateway's cost is measured against this.
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const target = process.env['TARGET'] ?? 'http://127.0.0.1:1';
const key = process.env['UPSTREAM_KEY'] ?? '';
// BARE_CONNECTIONS: the pool size, as the gateway's upstreams[].maxConnections (256 unless set).
const pool = new Pool(new URL(target).origin, { connections: Number(process.env['BARE_CONNECTIONS'] ?? 256) });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length', 'x-api-key', 'authorization']);

// Event-loop delay as the gateway's /metrics measures it (prom-client: 10 ms resolution), for the
// slow-streams bench: GET /__bench/loop answers the p99 in ms since the last call and resets.
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const server = createServer((req, res) => {
  if (req.url === '/__bench/loop') {
    res.end(String(loop.percentile(99) / 1e6));
    loop.reset();
    return;
  }
  const headers: Record<string, string> = { 'x-api-key': key };
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && typeof v === 'string') headers[k] = v;
  const path = (req.url ?? '/').replace(/^\/anthropic/, '');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    pool
      .request({ method: (req.method ?? 'GET') as 'GET', path, headers, body: chunks.length ? Buffer.concat(chunks) : null })
      .then(async (up) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(up.headers)) if (!HOP.has(k) && v !== undefined) out[k] = v;
        res.writeHead(up.statusCode, out);
        for await (const c of up.body) if (!res.write(c)) await new Promise((r) => res.once('drain', r));
        res.end();
      })
      .catch(() => {
        res.writeHead(502).end();
      });
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => process.exit(0));
