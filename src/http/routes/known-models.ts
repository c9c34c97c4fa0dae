// Model ids the config itself names (upstream model rules and OpenAI aliases without wildcards),
// plus current Claude ids, for model lists when no upstream answers /v1/models.
import type { GatewayConfig } from '../../config/types.js';

/** Current Claude model ids offered when no upstream lists its models. */
export const DEFAULT_CLAUDE_MODELS = [
  'claude-opus-4-8',
  'claude-opus-4-7',
  'claude-opus-4-6',
  'claude-sonnet-4-6',
  'claude-sonnet-4-5',
  'claude-haiku-4-5',
];

/** Concrete model ids known from the config, defaults last, without duplicates. */
export function knownModelIds(config: GatewayConfig): string[] {
  const ids = new Set<string>();
  for (const u of config.upstreams) for (const rule of u.models ?? []) if (!rule.pattern.includes('*')) ids.add(rule.pattern);
  for (const target of Object.values(config.openai.models)) ids.add(target);
  for (const id of DEFAULT_CLAUDE_MODELS) ids.add(id);
  return [...ids];
}
