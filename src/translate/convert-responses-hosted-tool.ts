// OpenAI's hosted tools (run by OpenAI, not the client) on Claude: web search becomes Anthropic's
// server-side web search; every other one has no equivalent here and is dropped with a warning —
// never a failed request (reference/openai-responses-codex.md, "Pitfalls" 4).
import type { AnthropicWebSearchTool } from '../protocol/anthropic-types.js';
import { invalidField, isRecord, optionalString } from './request-fields.js';

/** Every spelling of OpenAI's hosted web search tool type. */
const WEB_SEARCH_TYPES: ReadonlySet<string> = new Set(['web_search', 'web_search_2025_08_26', 'web_search_preview', 'web_search_preview_2025_03_11']);

/** True for a `tools[].type` (or `tool_choice.type`) naming OpenAI's web search. */
export function isWebSearchType(type: unknown): boolean {
  return typeof type === 'string' && WEB_SEARCH_TYPES.has(type);
}

function allowedDomains(filters: unknown, param: string): string[] | undefined {
  if (filters == null) return undefined;
  if (!isRecord(filters)) throw invalidField(param, `'${param}' must be an object`);
  const domains = filters['allowed_domains'];
  if (domains == null) return undefined;
  if (!Array.isArray(domains) || !domains.every((d) => typeof d === 'string')) {
    throw invalidField(`${param}.allowed_domains`, `'${param}.allowed_domains' must be an array of strings`);
  }
  return domains.length > 0 ? domains : undefined;
}

function userLocation(value: unknown, param: string): AnthropicWebSearchTool['user_location'] {
  if (value == null) return undefined;
  if (!isRecord(value)) throw invalidField(param, `'${param}' must be an object`);
  const out: NonNullable<AnthropicWebSearchTool['user_location']> = { type: 'approximate' };
  for (const key of ['city', 'region', 'country', 'timezone'] as const) {
    const v = optionalString(value[key], `${param}.${key}`);
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out;
}

/**
 * OpenAI web search → `web_search_20250305`. Codex's `external_web_access: false` means "cached
 * results only, never the live web"; Claude's search is always live, so that tool is dropped.
 */
export function convertWebSearchTool(tool: Record<string, unknown>, param: string, warnings: string[]): AnthropicWebSearchTool | undefined {
  const type = String(tool['type']);
  if (tool['external_web_access'] === false) {
    warnings.push(`tools[].${type} was dropped: external_web_access is false, and Claude's web search only searches the live web`);
    return undefined;
  }
  const out: AnthropicWebSearchTool = { type: 'web_search_20250305', name: 'web_search' };
  const domains = allowedDomains(tool['filters'], `${param}.filters`);
  if (domains !== undefined) out.allowed_domains = domains;
  const location = userLocation(tool['user_location'], `${param}.user_location`);
  if (location !== undefined) out.user_location = location;
  if (tool['search_context_size'] != null) warnings.push('tools[].search_context_size has no Claude equivalent and was ignored');
  return out;
}

/** The warning for a hosted tool type Claude cannot run through this gateway. */
export function droppedHostedTool(type: string): string {
  return `tools[].${type} was dropped: this hosted tool has no Claude equivalent on this gateway`;
}
