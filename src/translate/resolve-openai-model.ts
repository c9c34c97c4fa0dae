// Resolves the `model` an OpenAI client asked for to the Claude model sent upstream.
import { GatewayError } from '../domain/errors.js';
import { invalidField } from './request-fields.js';

/** Admin settings the rule reads (`openai.models` and `openai.defaultModel` in server.json). */
export interface ModelResolution {
  /** Alias → Claude model. */
  models: Record<string, string>;
  defaultModel: string | undefined;
}

/** Names that are Claude model ids and may be passed upstream unchanged. */
const CLAUDE_ID = /^claude-[a-z0-9][a-z0-9.-]*$/i;

/**
 * The rule, first match wins:
 *   1. the name is an alias in `models` (exact, case-sensitive) → its Claude model;
 *   2. the name looks like a Claude id (`claude-…`) → passed as-is;
 *   3. `defaultModel` is set → the default, with a warning naming the substitution;
 *   4. otherwise → 404 `model_not_found` (OpenAI's answer for an unknown model).
 * The tenant allow-list is checked by the caller against the resolved Claude model, so an alias
 * never widens what a tenant may use.
 */
export function resolveOpenaiModel(
  value: unknown,
  rule: ModelResolution,
  warnings: string[],
): { requested: string; model: string } {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidField('model', "'model' must be a non-empty string");
  }
  const alias = Object.hasOwn(rule.models, value) ? rule.models[value] : undefined;
  if (alias !== undefined) return { requested: value, model: alias };
  if (CLAUDE_ID.test(value)) return { requested: value, model: value };
  if (rule.defaultModel !== undefined) {
    warnings.push(`model '${value}' is not configured; using the default model '${rule.defaultModel}'`);
    return { requested: value, model: rule.defaultModel };
  }
  throw new GatewayError(
    'not_found',
    `The model '${value}' does not exist or is not configured on this gateway. Use a configured alias or a Claude model id.`,
    { param: 'model' },
  );
}
