// The usage rule (reference/anthropic-wire.md): counters in message_start and message_delta are
// cumulative. Take each field from the latest event that carries it; never add events together.
import type { Usage } from '../domain/usage.js';
import type { AnthropicUsage } from './anthropic-types.js';

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined;
}

/** Overwrites the fields of `into` that `wire` carries (latest event wins). */
export function applyAnthropicUsage(into: Usage, wire: AnthropicUsage | null | undefined): void {
  if (!wire || typeof wire !== 'object') return;
  const input = num(wire.input_tokens);
  if (input !== undefined) into.inputTokens = input;
  const output = num(wire.output_tokens);
  if (output !== undefined) into.outputTokens = output;
  const creation = num(wire.cache_creation_input_tokens);
  if (creation !== undefined) into.cacheCreationTokens = creation;
  const read = num(wire.cache_read_input_tokens);
  if (read !== undefined) into.cacheReadTokens = read;
  const split = wire.cache_creation;
  if (split && typeof split === 'object') {
    const m5 = num(split.ephemeral_5m_input_tokens);
    if (m5 !== undefined) into.cacheWrite5mTokens = m5;
    const h1 = num(split.ephemeral_1h_input_tokens);
    if (h1 !== undefined) into.cacheWrite1hTokens = h1;
  }
  if (typeof wire.speed === 'string') into.speed = wire.speed;
  if (typeof wire.service_tier === 'string') into.serviceTier = wire.service_tier;
}
