// The admin's tenant changes (POST /tenants, PATCH /tenants/{id}, POST /tenants/{id}/rotate,
// DELETE /tenants/{id}): each one an edit of tenants.json through config-change.ts. A new key is
// generated here, shown once in the answer and stored only as its SHA-256 hash.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { entryIndex } from '../../config/config-entries.js';
import { sha256Hex } from '../../config/load-config.js';
import { appendTenant, deleteTenant, patchTenant, pruneGraceKeys, rotateTenantKey, tenantIds, type TenantFieldsPatch } from '../../config/tenant-edits.js';
import type { TenantConfig } from '../../config/types.js';
import { GatewayError } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import { sendJson } from '../respond.js';
import { NO_STORE } from '../routes/admin-session.js';
import type { KeyRotated, TenantCreated, TenantRow } from './api-types.js';
import { applyChange, type AdminGuard } from './config-change.js';
import { readJsonBody } from './manage-body.js';
import { tenantRow } from './tenant-row.js';

/** Longest grace period a rotated-out key may get. */
export const MAX_GRACE_SECONDS = 30 * 86_400;

/** A new tenant key: `ccg_` + 32 random bytes in base64url (256 bits). */
export function generateTenantKey(): string {
  return `ccg_${randomBytes(32).toString('base64url')}`;
}

// Value rules (non-negative budgets, a known time zone...) are the files' schema's: the change is
// checked with it before it is written. These schemas only fix the body's shape.
const window = z.strictObject({ maxUSD: z.number() });
const count = z.number();
const limitsInput = z.strictObject({ daily: window, weekly: window, monthly: window, '5h': window, requestsPerMinute: count, concurrentRequests: count }).partial();
const limitsPatch = z.strictObject({ daily: window.nullable(), weekly: window.nullable(), monthly: window.nullable(), '5h': window.nullable(), requestsPerMinute: count.nullable(), concurrentRequests: count.nullable() }).partial();
const fields = {
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean(),
  allowedModels: z.array(z.string().min(1).max(200)).max(200),
  timezone: z.string().min(1).max(100),
  priceMultiplier: z.number(),
};
const tenantInput = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64, starting with a letter or digit').optional(),
  ...fields,
  enabled: fields.enabled.optional(),
  allowedModels: fields.allowedModels.optional(),
  timezone: fields.timezone.optional(),
  priceMultiplier: fields.priceMultiplier.optional(),
  limits: limitsInput.optional(),
});
const tenantPatch = z.strictObject({ ...fields, limits: limitsPatch }).partial();
const rotateRequest = z.strictObject({ graceSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS).optional() });

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

function keyHashOf(key: string): string {
  return `sha256:${sha256Hex(key)}`;
}

function rowOf(tenant: TenantConfig | undefined, nowMs: number): TenantRow {
  if (!tenant) throw new GatewayError('conflict', 'The tenant was changed by hand at the same moment; reload the table');
  return tenantRow(tenant, nowMs);
}

/** Randomness the handlers use (a test may fix it). */
export interface TenantDeps {
  newKey: () => string;
}

/** The four tenant handlers behind `guard`. */
export function tenantHandlers(guard: AdminGuard, deps: TenantDeps = { newKey: generateTenantKey }) {
  return {
    async create(ctx: RequestContext): Promise<void> {
      const admin = await guard(ctx);
      const input = await readJsonBody(ctx, tenantInput);
      const key = deps.newKey();
      const nowMs = ctx.services.clock.now();
      const now = new Date(nowMs).toISOString();
      const { result: id, gen } = applyChange(ctx, admin, 'tenants.json', (text) => {
        const taken = tenantIds(text);
        if (input.id !== undefined && taken.includes(input.id)) throw new GatewayError('conflict', `A tenant with id "${input.id}" exists already`);
        const id = input.id ?? idFromName(input.name, taken);
        const { limits, timezone, priceMultiplier } = input;
        const entry = {
          id,
          name: input.name,
          keyHash: keyHashOf(key),
          enabled: input.enabled ?? true,
          allowedModels: input.allowedModels ?? ['*'],
          ...(limits === undefined ? {} : { limits }),
          ...(timezone === undefined ? {} : { timezone }),
          ...(priceMultiplier === undefined ? {} : { priceMultiplier }),
          createdAt: now,
          updatedAt: now,
        };
        return { text: appendTenant(pruneGraceKeys(text, nowMs), entry), result: id };
      });
      const body: TenantCreated = { tenant: rowOf(gen.tenants.byTenantId(id), nowMs), apiKey: key };
      sendJson(ctx.res, 201, body, NO_STORE);
    },

    async update(ctx: RequestContext, id: string): Promise<void> {
      const admin = await guard(ctx);
      const patch: TenantFieldsPatch = await readJsonBody(ctx, tenantPatch);
      const nowMs = ctx.services.clock.now();
      const { gen } = applyChange(ctx, admin, 'tenants.json', (text) => {
        const pruned = pruneGraceKeys(text, nowMs);
        return { text: patchTenant(pruned, indexOf(pruned, id), patch, new Date(nowMs).toISOString()), result: undefined };
      });
      sendJson(ctx.res, 200, { tenant: rowOf(gen.tenants.byTenantId(id), nowMs) }, NO_STORE);
    },

    async rotate(ctx: RequestContext, id: string): Promise<void> {
      const admin = await guard(ctx);
      const { graceSeconds = 0 } = await readJsonBody(ctx, rotateRequest);
      const key = deps.newKey();
      const nowMs = ctx.services.clock.now();
      const graceUntil = graceSeconds > 0 ? new Date(nowMs + graceSeconds * 1000).toISOString() : undefined;
      const { gen } = applyChange(ctx, admin, 'tenants.json', (text) => {
        const pruned = pruneGraceKeys(text, nowMs);
        return { text: rotateTenantKey(pruned, indexOf(pruned, id), keyHashOf(key), graceUntil, nowMs), result: undefined };
      });
      const body: KeyRotated = { tenant: rowOf(gen.tenants.byTenantId(id), nowMs), apiKey: key, oldKeyValidUntil: graceUntil ?? null };
      sendJson(ctx.res, 200, body, NO_STORE);
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      const admin = await guard(ctx);
      const nowMs = ctx.services.clock.now();
      applyChange(ctx, admin, 'tenants.json', (text) => {
        const pruned = pruneGraceKeys(text, nowMs);
        return { text: deleteTenant(pruned, indexOf(pruned, id)), result: undefined };
      });
      sendJson(ctx.res, 200, { deleted: true }, NO_STORE);
    },
  };
}
