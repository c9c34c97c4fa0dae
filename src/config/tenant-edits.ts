// The tenant changes the dashboard (and `ccgate tenant`) make, as edits of tenants.json's text
// (jsonc-edit keeps the rest of the file byte for byte). Pure: the new key's hash, the time and
// the grace end come in. The `*Edit` functions are what config-editor.ts runs (and reruns when a
// hand edit lands meanwhile); each also drops rotated-out keys whose grace is over.
import { GatewayError } from '../domain/errors.js';
import type { FileEdit } from './config-editor.js';
import { entries, entryIndex, type RawEntry } from './config-entries.js';
import { appendItem, removeValue, replaceProperty, setValue } from './jsonc-edit.js';
import { sha256Hex } from './load-config.js';

/** The spend windows of `limits`, as tenants.json names them. */
export const LIMIT_WINDOWS = ['daily', 'weekly', 'monthly', '5h'] as const;
export type LimitWindow = (typeof LIMIT_WINDOWS)[number];

/** Limits to change; `null` removes one, absent (or undefined) leaves it. */
export type LimitsPatch = { [W in LimitWindow]?: { maxUSD: number } | null | undefined } & {
  requestsPerMinute?: number | null | undefined;
  concurrentRequests?: number | null | undefined;
};

/** Tenant fields the dashboard changes (absent or undefined: left as is). */
export interface TenantFieldsPatch {
  name?: string | undefined;
  enabled?: boolean | undefined;
  allowedModels?: string[] | undefined;
  limits?: LimitsPatch | undefined;
  timezone?: string | undefined;
  priceMultiplier?: number | undefined;
}

/** Ids of the tenants in the file. */
export function tenantIds(text: string): string[] {
  return entries(text, 'tenants').flatMap((t) => (typeof t['id'] === 'string' ? [t['id']] : []));
}

/** Appends a tenant entry. */
export function appendTenant(text: string, entry: RawEntry): string {
  return appendItem(text, ['tenants'], entry);
}

/** Applies a patch to the tenant at `index` and stamps `updatedAt`. */
export function patchTenant(text: string, index: number, patch: TenantFieldsPatch, nowIso: string): string {
  const at = (...path: Array<string | number>) => ['tenants', index, ...path];
  let out = text;
  for (const field of ['name', 'enabled', 'allowedModels', 'timezone', 'priceMultiplier'] as const) {
    if (patch[field] !== undefined) out = setValue(out, at(field), patch[field]);
  }
  const limits = patch.limits ?? {};
  for (const w of LIMIT_WINDOWS) {
    const v = limits[w];
    if (v === null) out = removeValue(out, at('limits', w));
    else if (v !== undefined) out = setValue(out, at('limits', w, 'maxUSD'), v.maxUSD);
  }
  for (const field of ['requestsPerMinute', 'concurrentRequests'] as const) {
    const v = limits[field];
    if (v === null) out = removeValue(out, at('limits', field));
    else if (v !== undefined) out = setValue(out, at('limits', field), v);
  }
  return setValue(out, at('updatedAt'), nowIso);
}

function liveGraceKeys(tenant: RawEntry, nowMs: number): RawEntry[] {
  const list = tenant['previousKeys'];
  if (!Array.isArray(list)) return [];
  return list.filter((k): k is RawEntry => k !== null && typeof k === 'object' && Date.parse(String((k as RawEntry)['validUntil'])) > nowMs);
}

/**
 * Gives the tenant at `index` a new key hash. With `graceUntilIso` the old key stays valid until
 * then (added to previousKeys); without, every older key stops at once (a rotation without grace
 * is what one does after a leak). A plain `key` is replaced by `keyHash` in place.
 */
export function rotateTenantKey(text: string, index: number, newKeyHash: string, graceUntilIso: string | undefined, nowMs: number): string {
  const tenant = entries(text, 'tenants')[index];
  if (!tenant) throw new Error(`no tenant at index ${index}`);
  const oldHash = typeof tenant['keyHash'] === 'string' ? tenant['keyHash'] : `sha256:${sha256Hex(String(tenant['key'] ?? ''))}`;
  const grace = graceUntilIso === undefined ? [] : [...liveGraceKeys(tenant, nowMs), { keyHash: oldHash, validUntil: graceUntilIso }];
  let out = typeof tenant['key'] === 'string' ? replaceProperty(text, ['tenants', index, 'key'], 'keyHash', newKeyHash) : setValue(text, ['tenants', index, 'keyHash'], newKeyHash);
  out = grace.length ? setValue(out, ['tenants', index, 'previousKeys'], grace) : removeValue(out, ['tenants', index, 'previousKeys']);
  return setValue(out, ['tenants', index, 'updatedAt'], new Date(nowMs).toISOString());
}

/** Removes the tenant at `index`. */
export function deleteTenant(text: string, index: number): string {
  return removeValue(text, ['tenants', index]);
}

/** Drops rotated-out keys whose grace period is over, from every tenant that has any. */
export function pruneGraceKeys(text: string, nowMs: number): string {
  let out = text;
  entries(text, 'tenants').forEach((tenant, i) => {
    const list = tenant['previousKeys'];
    if (!Array.isArray(list)) return;
    const live = liveGraceKeys(tenant, nowMs);
    if (live.length === list.length) return;
    out = live.length ? setValue(out, ['tenants', i, 'previousKeys'], live) : removeValue(out, ['tenants', i, 'previousKeys']);
  });
  return out;
}

/** A new tenant as the dashboard or the CLI gives it. */
export interface NewTenant {
  id?: string | undefined;
  name: string;
  enabled?: boolean | undefined;
  allowedModels?: string[] | undefined;
  limits?: ({ [W in LimitWindow]?: { maxUSD: number } | undefined } & { requestsPerMinute?: number | undefined; concurrentRequests?: number | undefined }) | undefined;
  timezone?: string | undefined;
  priceMultiplier?: number | undefined;
}

/** An id from a display name: lower-case ASCII slug, made unique against `taken`. */
export function idFromName(name: string, taken: readonly string[]): string {
  const slug =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/, '') || 'tenant';
  if (!taken.includes(slug)) return slug;
  for (let n = 2; ; n++) if (!taken.includes(`${slug}-${n}`)) return `${slug}-${n}`;
}

function indexOf(text: string, id: string): number {
  const i = entryIndex(text, 'tenants', id);
  if (i < 0) throw new GatewayError('not_found', `No tenant "${id}"`);
  return i;
}

/** Adds a tenant holding only `keyHash`; the result is its id (made from the name when not given). */
export function createTenantEdit(input: NewTenant, keyHash: string, nowMs: number): (text: string) => FileEdit<string> {
  const now = new Date(nowMs).toISOString();
  return (text) => {
    const taken = tenantIds(text);
    if (input.id !== undefined && taken.includes(input.id)) throw new GatewayError('conflict', `A tenant with id "${input.id}" exists already`);
    const id = input.id ?? idFromName(input.name, taken);
    const { limits, timezone, priceMultiplier } = input;
    const entry = {
      id,
      name: input.name,
      keyHash,
      enabled: input.enabled ?? true,
      allowedModels: input.allowedModels ?? ['*'],
      ...(limits === undefined ? {} : { limits }),
      ...(timezone === undefined ? {} : { timezone }),
      ...(priceMultiplier === undefined ? {} : { priceMultiplier }),
      createdAt: now,
      updatedAt: now,
    };
    return { text: appendTenant(pruneGraceKeys(text, nowMs), entry), result: id };
  };
}

/** Changes tenant `id`'s fields (404 when there is none). */
export function updateTenantEdit(id: string, patch: TenantFieldsPatch, nowMs: number): (text: string) => FileEdit<undefined> {
  return (text) => {
    const pruned = pruneGraceKeys(text, nowMs);
    return { text: patchTenant(pruned, indexOf(pruned, id), patch, new Date(nowMs).toISOString()), result: undefined };
  };
}

/** Gives tenant `id` a new key hash, the old key valid until `graceUntilIso` when given. */
export function rotateTenantEdit(id: string, keyHash: string, graceUntilIso: string | undefined, nowMs: number): (text: string) => FileEdit<undefined> {
  return (text) => {
    const pruned = pruneGraceKeys(text, nowMs);
    return { text: rotateTenantKey(pruned, indexOf(pruned, id), keyHash, graceUntilIso, nowMs), result: undefined };
  };
}

/** Removes tenant `id`. */
export function deleteTenantEdit(id: string, nowMs: number): (text: string) => FileEdit<undefined> {
  return (text) => {
    const pruned = pruneGraceKeys(text, nowMs);
    return { text: deleteTenant(pruned, indexOf(pruned, id)), result: undefined };
  };
}
