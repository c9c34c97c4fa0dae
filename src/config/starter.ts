// First start: when the config folder has none of the three files, write a working starter
// config (admin password and one tenant key generated, stored hashed) and return what was
// generated so it can be printed exactly once.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBase62 } from '../domain/ids.js';
import { hashPassword } from '../domain/password.js';
import { CONFIG_FILES, sha256Hex } from './load-config.js';
import { generateTenantKey } from './tenant-key.js';

/** Secrets generated for a starter config: shown once, never stored in plain text. */
export interface StarterSecrets {
  configDir: string;
  adminUser: string;
  adminPassword: string;
  tenantKey: string;
  upstreamFromEnv: string | undefined;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Writes a starter config if the folder has no config file; returns the secrets, or undefined. */
export async function writeStarterConfig(configDir: string, env: NodeJS.ProcessEnv, port: number): Promise<StarterSecrets | undefined> {
  if (CONFIG_FILES.some((f) => existsSync(join(configDir, f)))) return undefined;
  mkdirSync(configDir, { recursive: true });
  const adminPassword = randomBase62(20);
  const tenantKey = generateTenantKey();
  const now = new Date().toISOString();
  const baseUrl = env['ANTHROPIC_BASE_URL'];
  const apiKey = env['ANTHROPIC_API_KEY'] ?? env['ANTHROPIC_AUTH_TOKEN'];
  const upstreams =
    baseUrl || apiKey
      ? [{ id: 'primary', name: 'Primary', url: baseUrl ?? 'https://api.anthropic.com', key: apiKey ?? '', authHeader: env['ANTHROPIC_API_KEY'] ? 'x-api-key' : 'bearer', weight: 1, enabled: true }]
      : [];
  const server = {
    server: { port, host: '0.0.0.0' },
    logging: { level: 'info', maxFileSize: '100MB', maxFiles: 5, enableConsole: true },
    admin: { enabled: true, username: 'admin', passwordHash: await hashPassword(adminPassword) },
    openai: { enabled: true, models: { 'gpt-4o': 'claude-sonnet-4-6', 'gpt-4o-mini': 'claude-haiku-4-5' }, defaultModel: 'claude-sonnet-4-6' },
  };
  const tenants = {
    tenants: [{ id: 'default', name: 'Default tenant', keyHash: `sha256:${sha256Hex(tenantKey)}`, enabled: true, allowedModels: ['*'], limits: { daily: { maxUSD: 10 } }, createdAt: now, updatedAt: now }],
  };
  writeFileSync(join(configDir, 'server.json'), json(server), { mode: 0o600 });
  writeFileSync(join(configDir, 'upstreams.json'), json({ upstreams, loadBalancer: { strategy: 'round_robin', healthCheckEnabled: true, failoverEnabled: true } }), { mode: 0o600 });
  writeFileSync(join(configDir, 'tenants.json'), json(tenants), { mode: 0o600 });
  return { configDir, adminUser: 'admin', adminPassword, tenantKey, upstreamFromEnv: upstreams.length ? (baseUrl ?? 'https://api.anthropic.com') : undefined };
}

/** The one-time message about a starter config. */
export function starterMessage(s: StarterSecrets, port: number): string {
  const lines = [
    '',
    '================ CCGate first start ================',
    `Wrote a starter config to ${s.configDir}`,
    `  Admin login:  ${s.adminUser} / ${s.adminPassword}`,
    `  Tenant key:   ${s.tenantKey}`,
    'These are stored hashed and will NOT be shown again: copy them now.',
    s.upstreamFromEnv
      ? `  Upstream:     ${s.upstreamFromEnv} (from ANTHROPIC_BASE_URL / ANTHROPIC_API_KEY)`
      : '  No upstream yet: add your Anthropic or mirror URL and key to upstreams.json (it is reloaded automatically).',
    'Claude Code:',
    `  ANTHROPIC_BASE_URL=http://localhost:${port}/anthropic ANTHROPIC_AUTH_TOKEN=${s.tenantKey} claude`,
    '====================================================',
    '',
  ];
  return lines.join('\n');
}
