// Converts OpenAI `messages` into Anthropic's top-level `system` plus alternating user/assistant
// messages. Spec: reference/openai-mapping.md, "Request" rows for roles.
import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from '../protocol/anthropic-types.js';
import { convertTextContent, convertUserContent, textBlocks, textPartBlocks } from './convert-openai-content.js';
import { invalidField, isRecord, optionalString, requiredRecord, requiredString } from './request-fields.js';

interface Turn {
  role: 'user' | 'assistant';
  blocks: AnthropicContentBlock[];
}

/** Fields each role may carry; anything else is reported as ignored rather than dropped quietly. */
const KNOWN_FIELDS: Record<string, ReadonlySet<string>> = {
  system: new Set(['role', 'content', 'name']),
  developer: new Set(['role', 'content', 'name']),
  user: new Set(['role', 'content', 'name']),
  assistant: new Set(['role', 'content', 'name', 'tool_calls', 'refusal']),
  tool: new Set(['role', 'content', 'tool_call_id']),
};

/**
 * `arguments` as a tool input object. An empty string counts as `{}`: streams of calls without
 * parameters (ours included, when Anthropic sends no JSON fragment) can leave clients with "".
 */
export function parseArguments(value: unknown, param: string): Record<string, unknown> {
  const text = requiredString(value, param);
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidField(param, `'${param}' is not valid JSON`);
  }
  if (!isRecord(parsed)) throw invalidField(param, `'${param}' must be a JSON object`);
  return parsed;
}

function toolUseBlock(call: unknown, param: string): AnthropicToolUseBlock {
  const c = requiredRecord(call, param);
  if (c['type'] !== undefined && c['type'] !== 'function') {
    throw invalidField(`${param}.type`, `tool call type '${String(c['type'])}' is not supported`);
  }
  const id = requiredString(c['id'], `${param}.id`);
  const fn = requiredRecord(c['function'], `${param}.function`);
  const name = requiredString(fn['name'], `${param}.function.name`);
  return { type: 'tool_use', id, name, input: parseArguments(fn['arguments'], `${param}.function.arguments`) };
}

function assistantBlocks(m: Record<string, unknown>, param: string): AnthropicContentBlock[] {
  if (m['function_call'] != null) throw invalidField(`${param}.function_call`, "'function_call' is deprecated: use 'tool_calls'");
  if (m['audio'] != null) throw invalidField(`${param}.audio`, 'Assistant audio is not supported by Claude');
  const content = m['content'];
  const blocks: AnthropicContentBlock[] = [];
  if (typeof content === 'string') blocks.push(...textBlocks(content));
  else if (Array.isArray(content)) {
    content.forEach((part, j) => {
      const p = `${param}.content[${j}]`;
      // A refusal the model gave earlier is still what it said: keep it as text.
      if (isRecord(part) && part['type'] === 'refusal') blocks.push(...textBlocks(requiredString(part['refusal'], `${p}.refusal`)));
      else if (isRecord(part) && part['type'] === 'text') blocks.push(...textPartBlocks(part, p));
      else throw invalidField(p, `'${p}' must be a text or refusal part`);
    });
  } else if (content != null) throw invalidField(`${param}.content`, `'${param}.content' must be a string, an array or null`);
  const refusal = optionalString(m['refusal'], `${param}.refusal`);
  if (refusal !== undefined && blocks.length === 0) blocks.push(...textBlocks(refusal));
  const calls = m['tool_calls'];
  if (calls != null && !Array.isArray(calls)) throw invalidField(`${param}.tool_calls`, `'${param}.tool_calls' must be an array`);
  (calls ?? []).forEach((call: unknown, j: number) => blocks.push(toolUseBlock(call, `${param}.tool_calls[${j}]`)));
  return blocks;
}

function toolResultBlock(m: Record<string, unknown>, param: string): AnthropicToolResultBlock {
  const block: AnthropicToolResultBlock = {
    type: 'tool_result',
    tool_use_id: requiredString(m['tool_call_id'], `${param}.tool_call_id`),
  };
  const content = m['content'];
  if (typeof content === 'string') {
    if (content !== '') block.content = content;
  } else {
    const blocks = convertTextContent(content, `${param}.content`);
    if (blocks.length > 0) block.content = blocks;
  }
  return block;
}

/** Converts one message; system text goes to `system`, everything else becomes a turn. */
function convertOne(m: unknown, i: number, system: AnthropicTextBlock[], warnings: string[]): Turn | undefined {
  const param = `messages[${i}]`;
  if (!isRecord(m)) throw invalidField(param, `'${param}' must be an object`);
  const role = m['role'];
  const known = typeof role === 'string' && Object.hasOwn(KNOWN_FIELDS, role) ? KNOWN_FIELDS[role] : undefined;
  for (const key of Object.keys(m)) {
    if (known !== undefined && !known.has(key)) warnings.push(`messages[].${key} is not supported and was ignored`);
  }
  if (known?.has('name') && m['name'] != null) warnings.push('messages[].name has no Anthropic equivalent and was ignored');
  switch (role) {
    case 'system':
    case 'developer':
      system.push(...convertTextContent(m['content'], `${param}.content`));
      return undefined;
    case 'user':
      return { role: 'user', blocks: convertUserContent(m['content'], `${param}.content`, warnings) };
    case 'assistant':
      return { role: 'assistant', blocks: assistantBlocks(m, param) };
    case 'tool':
      return { role: 'user', blocks: [toolResultBlock(m, param)] };
    case 'function':
      throw invalidField(`${param}.role`, "role 'function' is deprecated: use 'tool' messages");
    default:
      throw invalidField(`${param}.role`, `role '${String(role)}' is not supported`);
  }
}

/**
 * Anthropic wants user/assistant alternation: adjacent turns of one role are merged (this also puts
 * consecutive tool results into one user message). A turn with no content is skipped with a warning.
 * An assistant-first conversation is passed as it is: Anthropic's API accepts it, and inventing a
 * user turn would change the prompt (a mirror that refuses it answers with its own 400).
 */
function mergeTurns(turns: Turn[], warnings: string[]): AnthropicMessage[] {
  const out: AnthropicMessage[] = [];
  let last: { role: 'user' | 'assistant'; content: AnthropicContentBlock[] } | undefined;
  for (const turn of turns) {
    if (turn.blocks.length === 0) {
      warnings.push(`messages[] had an empty ${turn.role} message, which was skipped`);
      continue;
    }
    if (last !== undefined && last.role === turn.role) last.content.push(...turn.blocks);
    else {
      last = { role: turn.role, content: [...turn.blocks] };
      out.push(last);
    }
  }
  return out;
}

/** Converts `messages`; throws a 400 naming the field for anything it cannot represent. */
export function convertOpenaiMessages(
  value: unknown,
  warnings: string[],
): { system: AnthropicTextBlock[]; messages: AnthropicMessage[] } {
  if (!Array.isArray(value)) throw invalidField('messages', "'messages' must be an array");
  const system: AnthropicTextBlock[] = [];
  const turns: Turn[] = [];
  value.forEach((m: unknown, i: number) => {
    const turn = convertOne(m, i, system, warnings);
    if (turn !== undefined) turns.push(turn);
  });
  const messages = mergeTurns(turns, warnings);
  if (messages.length === 0) {
    throw invalidField('messages', "'messages' must contain at least one user or assistant message with content");
  }
  return { system, messages };
}
