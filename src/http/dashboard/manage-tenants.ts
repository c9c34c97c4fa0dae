// The admin's tenant changes (POST /tenants, PATCH /tenants/{id}, POST /tenants/{id}/rotate,
// DELETE /tenants/{id}): each one an edit of tenants.json through config-change.ts. A new key is
// generated here, shown once in the answer and stored only as its SHA-256 hash.
import { z } from 'zod';
import { createTenantEdit, deleteTenantEdit, rotateTenantEdit, updateTenantEdit } from '../../config/tenant-edits.js';
import { generateTenantKey, keyHashOf } from '../../config/tenant-key.js';
import type { TenantConfig } from '../../config/types.js';
import { GatewayError } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import { sendJson } from '../respond.js';
import { NO_STORE } from '../routes/admin-session.js';
import type { KeyRotated, TenantCreated, TenantRow } from './api-types.js';
import { applyChange, type AdminGuard } from './config-change.js';
import { readJsonBody } from './manage-body.js';
import { tenantRowsNow } from './admin-read-routes.js';
import { parseRangeSpec } from './api-params.js';

/** Longest grace period a rotated-out key may get. */
export const MAX_GRACE_SECONDS = 30 * 86_400;

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

/** The tenant's table row as GET /tenants shows it (today's totals in UTC). */
async function rowOf(ctx: RequestContext, tenant: TenantConfig | undefined): Promise<TenantRow> {
  if (!tenant) throw new GatewayError('conflict', 'The tenant was changed by hand at the same moment; reload the table');
  const [row] = await tenantRowsNow(ctx, [tenant], parseRangeSpec(new Map(), ctx.services.clock.now(), 'UTC'));
  return row!;
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
      const { result: id, gen } = applyChange(ctx, admin, 'tenants.json', createTenantEdit(input, keyHashOf(key), nowMs));
      const body: TenantCreated = { tenant: await rowOf(ctx, gen.tenants.byTenantId(id)), apiKey: key };
      sendJson(ctx.res, 201, body, NO_STORE);
    },

    async update(ctx: RequestContext, id: string): Promise<void> {
      const admin = await guard(ctx);
      const patch = await readJsonBody(ctx, tenantPatch);
      const nowMs = ctx.services.clock.now();
      const { gen } = applyChange(ctx, admin, 'tenants.json', updateTenantEdit(id, patch, nowMs));
      sendJson(ctx.res, 200, { tenant: await rowOf(ctx, gen.tenants.byTenantId(id)) }, NO_STORE);
    },

    async rotate(ctx: RequestContext, id: string): Promise<void> {
      const admin = await guard(ctx);
      const { graceSeconds = 0 } = await readJsonBody(ctx, rotateRequest);
      const key = deps.newKey();
      const nowMs = ctx.services.clock.now();
      const graceUntil = graceSeconds > 0 ? new Date(nowMs + graceSeconds * 1000).toISOString() : undefined;
      const { gen } = applyChange(ctx, admin, 'tenants.json', rotateTenantEdit(id, keyHashOf(key), graceUntil, nowMs));
      const body: KeyRotated = { tenant: await rowOf(ctx, gen.tenants.byTenantId(id)), apiKey: key, oldKeyValidUntil: graceUntil ?? null };
      sendJson(ctx.res, 200, body, NO_STORE);
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      const admin = await guard(ctx);
      applyChange(ctx, admin, 'tenants.json', deleteTenantEdit(id, ctx.services.clock.now()));
      sendJson(ctx.res, 200, { deleted: true }, NO_STORE);
    },
  };
}
