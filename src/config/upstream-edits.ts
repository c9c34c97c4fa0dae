// The upstream changes the dashboard makes, as edits of upstreams.json's text (the rest of the file
// kept byte for byte). The dashboard's `note` is the file's `description`.
import { setValue } from './jsonc-edit.js';

/** Upstream fields the dashboard changes (absent or undefined: left as is). */
export interface UpstreamFieldsPatch {
  enabled?: boolean | undefined;
  weight?: number | undefined;
  priority?: number | undefined;
  description?: string | undefined;
}

/** Applies a patch to the upstream at `index`. */
export function patchUpstream(text: string, index: number, patch: UpstreamFieldsPatch): string {
  let out = text;
  for (const field of ['enabled', 'weight', 'priority', 'description'] as const) {
    if (patch[field] !== undefined) out = setValue(out, ['upstreams', index, field], patch[field]);
  }
  return out;
}
