// PATCH /dashboard/api/upstreams/{id}: the admin turns an upstream on or off and sets its weight,
// priority and note (the file's `description`) — an edit of upstreams.json through
// config-change.ts. The answer shows the upstream without its key.
import { z } from 'zod';
import { entryIndex } from '../../config/config-entries.js';
import { patchUpstream } from '../../config/upstream-edits.js';
import { GatewayError } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import { sendJson } from '../respond.js';
import { NO_STORE } from '../routes/admin-session.js';
import type { UpstreamRow } from './api-types.js';
import { applyChange, type AdminGuard } from './config-change.js';
import { readJsonBody } from './manage-body.js';
import { upstreamRow } from './upstream-rows.js';

/** Longest note. */
export const MAX_NOTE_CHARS = 500;

// Weight (0–1000) and priority (≥ 0) are checked by the files' schema before anything is written.
const upstreamPatch = z.strictObject({ enabled: z.boolean(), weight: z.number(), priority: z.number(), note: z.string().max(MAX_NOTE_CHARS) }).partial();

/** The PATCH handler behind `guard`. */
export function upstreamHandlers(guard: AdminGuard) {
  return {
    async update(ctx: RequestContext, id: string): Promise<void> {
      const admin = await guard(ctx);
      const { note, ...rest } = await readJsonBody(ctx, upstreamPatch);
      const { gen } = applyChange(ctx, admin, 'upstreams.json', (text) => {
        const index = entryIndex(text, 'upstreams', id);
        if (index < 0) throw new GatewayError('not_found', `No upstream "${id}"`);
        return { text: patchUpstream(text, index, { ...rest, description: note }), result: undefined };
      });
      const upstream = gen.config.upstreams.find((u) => u.id === id);
      if (!upstream) throw new GatewayError('conflict', 'The upstream was changed by hand at the same moment; reload the list');
      const body: { upstream: UpstreamRow } = { upstream: upstreamRow(upstream, gen.upstreamStatus().find((s) => s.id === id), ctx.services.ttfb.get(id)) };
      sendJson(ctx.res, 200, body, NO_STORE);
    },
  };
}
