// temperature and top_p of an OpenAI request (Chat Completions or Responses) → Anthropic's.
// Out-of-range values are refused, never clamped or rescaled.
import type { AnthropicMessagesRequest } from '../protocol/anthropic-types.js';
import { invalidField, optionalNumber } from './request-fields.js';

/** Sets `temperature` and `top_p` on `req` from the body's fields of the same names. */
export function applyTemperatureAndTopP(body: Record<string, unknown>, req: AnthropicMessagesRequest): void {
  const temperature = optionalNumber(body['temperature'], 'temperature');
  if (temperature !== undefined) {
    if (temperature < 0 || temperature > 2) throw invalidField('temperature', 'temperature must be between 0 and 2');
    if (temperature > 1) {
      throw invalidField('temperature', `temperature ${temperature} is above 1, the maximum Claude accepts (range 0–1); the gateway does not rescale it`);
    }
    req.temperature = temperature;
  }
  const topP = optionalNumber(body['top_p'], 'top_p');
  if (topP !== undefined && (topP < 0 || topP > 1)) throw invalidField('top_p', 'top_p must be between 0 and 1');
  // top_p = 1 keeps the whole distribution, i.e. it is the default; sending it anyway makes newer
  // Claude models refuse requests that also set temperature, which many chat apps always do.
  if (topP !== undefined && topP < 1) req.top_p = topP;
}
