// Builds OpenAI's `GET /v1/models` list from the aliases and Claude models a tenant may use.
import type { OpenaiModelList } from '../protocol/openai-types.js';

/**
 * Aliases first (what OpenAI apps are configured with), then Claude ids; each id once, in the
 * order given. `created` is a Unix time in seconds (the gateway has no real creation dates).
 */
export function openaiModelsList(aliases: readonly string[], claudeModels: readonly string[], created: number): OpenaiModelList {
  const seen = new Set<string>();
  const data: OpenaiModelList['data'] = [];
  const add = (id: string, ownedBy: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    data.push({ id, object: 'model', created, owned_by: ownedBy });
  };
  for (const alias of aliases) add(alias, 'ccgate');
  for (const model of claudeModels) add(model, 'anthropic');
  return { object: 'list', data };
}
