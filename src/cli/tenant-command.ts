// `ccgate tenant create | rotate | disable | enable`: the dashboard's tenant changes for people
// without a browser, made the same way (config-editor: validated, atomic, hand edits kept). A
// running gateway picks the change up by its file watcher and audits it as a hand edit ("file").
import type { Command } from 'commander';
import { editConfigFile, type FileEdit } from '../config/config-editor.js';
import { ConfigError } from '../config/load-config.js';
import { createTenantEdit, rotateTenantEdit, updateTenantEdit } from '../config/tenant-edits.js';
import { generateTenantKey, keyHashOf } from '../config/tenant-key.js';
import { GatewayError } from '../domain/errors.js';
import { verifyPricing } from '../http/dashboard/config-change.js';
import { resolvePaths, type PathOptions } from './paths.js';

type Out = (s: string) => void;
const stdout: Out = (s) => process.stdout.write(s);

/** Runs one edit of tenants.json; problems are printed, and the exit code returned. */
function edit<R>(flags: PathOptions, change: (text: string) => FileEdit<R>, out: Out): { code: number; result?: R } {
  const { configDir, dataDir } = resolvePaths(flags);
  try {
    return { code: 0, result: editConfigFile({ configDir, dataDir, file: 'tenants.json', edit: change, verify: verifyPricing }).result };
  } catch (err) {
    if (err instanceof ConfigError || err instanceof GatewayError) {
      out(`Not changed: ${err.message}\n`);
      return { code: 1 };
    }
    throw err;
  }
}

/** A numeric option; NaN for text that is not a number (reported by the caller). */
function number(value: string | undefined): number | undefined {
  return value === undefined ? undefined : value.trim() === '' ? Number.NaN : Number(value);
}

export interface CreateFlags extends PathOptions {
  id?: string;
  models?: string;
  daily?: string;
  timezone?: string;
}

/** `ccgate tenant create <name>`: prints the new key once. */
export function runTenantCreate(name: string, flags: CreateFlags, out: Out = stdout): number {
  const key = generateTenantKey();
  const daily = number(flags.daily);
  if (daily !== undefined && !Number.isFinite(daily)) {
    out('Not changed: --daily must be a number of USD\n');
    return 1;
  }
  const input = {
    name,
    id: flags.id,
    allowedModels: flags.models?.split(',').map((m) => m.trim()).filter(Boolean),
    limits: daily === undefined ? undefined : { daily: { maxUSD: daily } },
    timezone: flags.timezone,
  };
  const r = edit(flags, createTenantEdit(input, keyHashOf(key), Date.now()), out);
  if (r.code === 0) out(`Created tenant ${r.result}.\nKey (shown once, only its hash is stored): ${key}\n`);
  return r.code;
}

/** `ccgate tenant rotate <id>`: prints the new key once. */
export function runTenantRotate(id: string, flags: PathOptions & { graceSeconds?: string }, out: Out = stdout): number {
  const key = generateTenantKey();
  const grace = number(flags.graceSeconds) ?? 0;
  if (!Number.isInteger(grace) || grace < 0 || grace > 30 * 86_400) {
    out('Not changed: --grace-seconds must be a whole number from 0 to 2592000 (30 days)\n');
    return 1;
  }
  const now = Date.now();
  const until = grace > 0 ? new Date(now + grace * 1000).toISOString() : undefined;
  const r = edit(flags, rotateTenantEdit(id, keyHashOf(key), until, now), out);
  if (r.code === 0) out(`New key for ${id} (shown once): ${key}\n${until ? `The old key works until ${until}.` : 'The old key stopped working.'}\n`);
  return r.code;
}

/** `ccgate tenant disable|enable <id>`. */
export function runTenantEnabled(id: string, enabled: boolean, flags: PathOptions, out: Out = stdout): number {
  const r = edit(flags, updateTenantEdit(id, { enabled }, Date.now()), out);
  if (r.code === 0) out(`Tenant ${id} ${enabled ? 'enabled' : 'disabled'}.\n`);
  return r.code;
}

/** Adds the `tenant` command group; `withPaths` adds the --config/--data options. */
export function registerTenantCommands(program: Command, withPaths: (cmd: Command) => Command): void {
  const tenant = program.command('tenant').description('create a tenant, rotate its key, disable or enable it');
  withPaths(tenant.command('create <name>').description('add a tenant; prints its new key once'))
    .option('--id <id>', 'tenant id (default: made from the name)')
    .option('--models <patterns>', 'comma-separated allowed model patterns (default *)')
    .option('--daily <usd>', 'daily budget in USD')
    .option('--timezone <iana>', 'time zone of the day/week/month boundaries')
    .action((name: string, flags: CreateFlags) => {
      process.exitCode = runTenantCreate(name, flags);
    });
  withPaths(tenant.command('rotate <id>').description('give a tenant a new key; prints it once'))
    .option('--grace-seconds <n>', 'keep the old key valid this long (default 0: revoked at once)')
    .action((id: string, flags: PathOptions & { graceSeconds?: string }) => {
      process.exitCode = runTenantRotate(id, flags);
    });
  for (const [verb, enabled] of [['disable', false], ['enable', true]] as const) {
    withPaths(tenant.command(`${verb} <id>`).description(`${verb} a tenant`)).action((id: string, flags: PathOptions) => {
      process.exitCode = runTenantEnabled(id, enabled, flags);
    });
  }
}
