// Converts a Responses request's `instructions` and `input` (a string or items) into Anthropic's
// `system` plus alternating user/assistant messages. Spec: reference/openai-responses-codex.md,
// "Pitfalls" 3 and 5: leading developer/system messages are the system prompt; function_call items
// join the assistant turn as tool_use, function_call_output items the next user turn as tool_result.
import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from '../protocol/anthropic-types.js';
import { textBlocks } from './convert-openai-content.js';
import { parseArguments } from './convert-openai-messages.js';
import { convertResponsesContent, convertResponsesText } from './convert-responses-content.js';
import { decodeThinking } from './reasoning-encrypted-content.js';
import { invalidField, isRecord, optionalString, requiredString } from './request-fields.js';
import { flatNameOf, type ToolNames } from './responses-tool-names.js';

interface Turn {
  role: 'user' | 'assistant';
  blocks: AnthropicContentBlock[];
}

/** What `input` becomes. */
export interface ConvertedInput {
  system: AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

/** Per-item state: system text collects while no conversation item has been seen yet. */
interface Walk {
  system: AnthropicTextBlock[];
  turns: Turn[];
  leading: boolean;
  names: ToolNames;
  warnings: string[];
}

function message(item: Record<string, unknown>, param: string, walk: Walk): void {
  const role = item['role'];
  switch (role) {
    case 'system':
    case 'developer': {
      const blocks = convertResponsesText(item['content'], `${param}.content`, walk.warnings);
      if (walk.leading) {
        walk.system.push(...blocks);
        return;
      }
      // Claude has no system slot mid-conversation (it needs a beta the client did not ask for).
      walk.warnings.push(`input[].role '${role}' after the conversation started was sent as user text`);
      walk.turns.push({ role: 'user', blocks });
      return;
    }
    case 'user':
      walk.turns.push({ role: 'user', blocks: convertResponsesContent(item['content'], `${param}.content`, 'user', walk.warnings) });
      return;
    case 'assistant':
      walk.turns.push({ role: 'assistant', blocks: convertResponsesContent(item['content'], `${param}.content`, 'assistant', walk.warnings) });
      return;
    default:
      throw invalidField(`${param}.role`, `role '${String(role)}' is not supported`);
  }
}

function functionCall(item: Record<string, unknown>, param: string, names: ToolNames): AnthropicToolUseBlock {
  const namespace = optionalString(item['namespace'], `${param}.namespace`);
  const name = requiredString(item['name'], `${param}.name`);
  return {
    type: 'tool_use',
    id: requiredString(item['call_id'], `${param}.call_id`),
    name: flatNameOf(names, namespace === undefined ? { name } : { namespace, name }),
    input: parseArguments(item['arguments'], `${param}.arguments`),
  };
}

function functionCallOutput(item: Record<string, unknown>, param: string, warnings: string[]): AnthropicToolResultBlock {
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: requiredString(item['call_id'], `${param}.call_id`) };
  const output = item['output'];
  if (typeof output === 'string') {
    if (output !== '') block.content = output;
  } else {
    const blocks = convertResponsesContent(output, `${param}.output`, 'user', warnings);
    if (blocks.length > 0) block.content = blocks;
  }
  return block;
}

/** A reasoning item carries a thinking block only when it holds our encrypted_content. */
function reasoning(item: Record<string, unknown>, param: string, walk: Walk): void {
  const encrypted = optionalString(item['encrypted_content'], `${param}.encrypted_content`);
  if (encrypted === undefined) {
    walk.warnings.push('input[].reasoning without encrypted_content was dropped: Claude needs the signed thinking (include "reasoning.encrypted_content")');
    return;
  }
  const block = decodeThinking(encrypted);
  if (block === undefined) {
    walk.warnings.push('input[].encrypted_content was not written by this gateway; its reasoning item was dropped');
    return;
  }
  walk.turns.push({ role: 'assistant', blocks: [block] });
}

function convertItem(value: unknown, i: number, walk: Walk): void {
  const param = `input[${i}]`;
  if (!isRecord(value)) throw invalidField(param, `'${param}' must be an object`);
  // OpenAI accepts a message without `type` ("easy input message").
  const type = value['type'] ?? (value['role'] !== undefined ? 'message' : undefined);
  const role = value['role'];
  if (type !== 'message' || (role !== 'system' && role !== 'developer')) walk.leading = false;
  switch (type) {
    case 'message':
      return message(value, param, walk);
    case 'function_call':
      walk.turns.push({ role: 'assistant', blocks: [functionCall(value, param, walk.names)] });
      return;
    case 'function_call_output':
      walk.turns.push({ role: 'user', blocks: [functionCallOutput(value, param, walk.warnings)] });
      return;
    case 'reasoning':
      return reasoning(value, param, walk);
    case 'web_search_call':
      // The search already happened; its results (and their encrypted content) are not in the item.
      walk.warnings.push('input[].web_search_call was dropped: a past web search cannot be replayed to Claude');
      return;
    case 'item_reference':
      throw invalidField(`${param}.type`, 'item_reference needs stored responses, which this gateway does not keep: send the items themselves');
    default:
      throw invalidField(`${param}.type`, `input item type '${String(type)}' is not supported`);
  }
}

/**
 * Adjacent turns of one role are merged (all calls of a reply → one assistant turn, all their
 * outputs → one user turn). Inside a user turn, tool_result blocks go first: Anthropic requires
 * them before any text. A turn with no content is skipped with a warning.
 */
function mergeTurns(turns: Turn[], warnings: string[]): AnthropicMessage[] {
  const out: Array<{ role: 'user' | 'assistant'; content: AnthropicContentBlock[] }> = [];
  for (const turn of turns) {
    if (turn.blocks.length === 0) {
      warnings.push(`input[] had an empty ${turn.role} message, which was skipped`);
      continue;
    }
    const last = out.at(-1);
    if (last !== undefined && last.role === turn.role) last.content.push(...turn.blocks);
    else out.push({ role: turn.role, content: [...turn.blocks] });
  }
  for (const m of out) {
    if (m.role === 'user') m.content = [...m.content.filter((b) => b.type === 'tool_result'), ...m.content.filter((b) => b.type !== 'tool_result')];
  }
  return out;
}

/** Converts `instructions` and `input`; throws a 400 naming the field for what it cannot represent. */
export function convertResponsesInput(input: unknown, instructions: string | undefined, names: ToolNames, warnings: string[]): ConvertedInput {
  const walk: Walk = { system: textBlocks(instructions ?? ''), turns: [], leading: true, names, warnings };
  if (typeof input === 'string') walk.turns.push({ role: 'user', blocks: textBlocks(input) });
  else if (Array.isArray(input)) input.forEach((item: unknown, i: number) => convertItem(item, i, walk));
  else throw invalidField('input', "'input' must be a string or an array of items");
  const messages = mergeTurns(walk.turns, warnings);
  if (messages.length === 0) throw invalidField('input', "'input' must contain at least one user or assistant item with content");
  return { system: walk.system, messages };
}
