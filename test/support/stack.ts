// A test stack: fake upstream(s) and the real gateway process wired to them.
import { basicConfig, startGatewayProcess, tempDir, writeConfig, type GatewayProcess } from './gateway-process.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { durableLedgerRows } from './ledger-file.js';

export const TENANT_KEY = 'ccg-test-tenant-key-0123456789';
export const OTHER_KEY = 'ccg-test-other-key-9876543210';

export interface Stack {
  fakes: FakeUpstream[];
  fake: FakeUpstream;
  gw: GatewayProcess;
  anthropicBase: string;
  close(): Promise<void>;
  /** Ledger rows as stored on disk (the SQLite file and its journal). */
  ledger(): Array<Record<string, unknown>>;
}

export interface StackOptions {
  fakes?: number;
  tenants?: Array<Record<string, unknown>>;
  server?: Record<string, unknown>;
  upstream?: (fake: FakeUpstream, i: number) => Record<string, unknown>;
  loadBalancer?: Record<string, unknown>;
  /** The gateway's data folder (e.g. one with a seeded ledger); a fresh one when absent. */
  dataDir?: string;
}

/** Default tenants: one with every model, one limited to sonnet/haiku. */
export function defaultTenants(): Array<Record<string, unknown>> {
  return [
    { id: 'alice', name: 'Alice', key: TENANT_KEY, enabled: true, allowedModels: ['*'] },
    { id: 'bob', name: 'Bob', key: OTHER_KEY, enabled: true, allowedModels: ['*sonnet*', '*haiku*'] },
  ];
}

/** Starts fakes and a gateway configured for them. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const fakes = await Promise.all(Array.from({ length: opts.fakes ?? 1 }, () => startFakeUpstream()));
  // The fake's per-request scenario header is not on the gateway's default forward list.
  const upstreams = fakes.map((f, i) => ({ id: `up${i + 1}`, name: `Upstream ${i + 1}`, url: f.url, key: f.key, forwardHeaders: ['x-fake-scenario'], ...(opts.upstream?.(f, i) ?? {}) }));
  const configDir = tempDir('ccgate-config-');
  const cfg = basicConfig(upstreams, opts.tenants ?? defaultTenants(), opts.server ?? {});
  if (opts.loadBalancer) (cfg['upstreams.json'] as Record<string, unknown>)['loadBalancer'] = opts.loadBalancer;
  writeConfig(configDir, cfg);
  const gw = await startGatewayProcess({ configDir, ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
  return {
    fakes,
    fake: fakes[0]!,
    gw,
    anthropicBase: `${gw.baseUrl}/anthropic`,
    async close() {
      await gw.stop();
      await Promise.all(fakes.map((f) => f.close()));
    },
    ledger() {
      return durableLedgerRows(gw.dataDir);
    },
  };
}
