// One dashboard change to a config file, start to finish: edit the file (config-editor: validated
// like start-up, written atomically, redone over a concurrent hand edit), put it into effect before
// the answer, and record it in the audit log. Hand edits the change picked up on the way are
// recorded as actor "file", so each entry names who really made it.
import { basename, join } from 'node:path';
import { createPriceBook } from '../../accounting/price-book.js';
import type { Generation } from '../../app-types.js';
import { diffConfigs, type ConfigChange } from '../../config/config-diff.js';
import { editConfigFile, type EditableFile, type FileEdit } from '../../config/config-editor.js';
import { ConfigError } from '../../config/load-config.js';
import type { ConfigProblem } from '../../config/read-jsonc.js';
import type { GatewayConfig } from '../../config/types.js';
import { GatewayError } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';

/** What a guard returns: the signed-in admin. */
export interface AdminIdentity {
  username: string;
}

/** Checks the request comes from a signed-in admin (401/403/404 otherwise). */
export type AdminGuard = (ctx: RequestContext) => Promise<AdminIdentity>;

/** The price book is checked at start-up too: a config it refuses is as invalid as a schema error. */
export function verifyPricing(config: GatewayConfig): void {
  try {
    createPriceBook(config.pricingOverrides);
  } catch (err) {
    throw new ConfigError([{ file: join(config.configDir, 'server.json'), path: 'pricing.overrides', message: (err as Error).message }]);
  }
}

function where(p: ConfigProblem): string {
  return `${basename(p.file)} ${p.path}`;
}

/** A change the files' schema refuses: 400 naming the field (relative to the edited entry). */
function invalidChange(err: ConfigError): GatewayError {
  const [first, ...more] = err.problems;
  if (!first) return new GatewayError('invalid_request', 'The change would make the config invalid');
  const field = first.path.replace(/^(tenants|upstreams)\[\d+\]\.?/, '');
  const also = more.length ? `; also ${more.map((p) => `${where(p)}: ${p.message}`).join('; ')}` : '';
  return new GatewayError('invalid_request', `${field || first.path}: ${first.message} (${where(first)})${also}`, field ? { param: field } : {});
}

function record(ctx: RequestContext, actor: string, changes: ConfigChange[]): void {
  try {
    for (const c of changes) ctx.services.audit.append({ actor, ...c });
  } catch (err) {
    ctx.services.logs.app.error({ err }, 'could not write the audit log');
  }
}

/**
 * Applies `edit` to `file`, reloads, audits as `admin:<username>`; returns the edit's result and
 * the generation now running. Nothing is written when the change is invalid (400) or the files
 * on disk are (409).
 */
export function applyChange<R>(ctx: RequestContext, admin: AdminIdentity, file: EditableFile, edit: (text: string) => FileEdit<R>): { result: R; gen: Generation } {
  const running = ctx.services.config.current().config;
  let outcome;
  try {
    outcome = editConfigFile({ configDir: running.configDir, dataDir: running.dataDir, file, edit, verify: verifyPricing });
  } catch (err) {
    throw err instanceof ConfigError ? invalidChange(err) : err;
  }
  let gen: Generation;
  try {
    gen = ctx.services.config.reloadNow();
  } catch (err) {
    // Only a hand edit landing right after the write can do this; the change is on disk.
    if (!(err instanceof ConfigError)) throw err;
    const text = err.problems.map((p) => `${where(p)}: ${p.message}`).join('; ');
    throw new GatewayError('conflict', `The change was written, but the config files changed since and have problems, so it is not in effect yet: ${text}`);
  }
  const nowMs = ctx.services.clock.now();
  record(ctx, 'file', diffConfigs(running, outcome.base, nowMs));
  record(ctx, `admin:${admin.username}`, diffConfigs(outcome.base, outcome.next, nowMs));
  record(ctx, 'file', diffConfigs(outcome.next, gen.config, nowMs));
  ctx.services.logs.app.info({ file, admin: admin.username, attempts: outcome.attempts, written: outcome.written }, 'config changed from the dashboard');
  return { result: outcome.result, gen };
}
