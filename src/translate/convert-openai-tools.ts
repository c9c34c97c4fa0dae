// Converts OpenAI `tools`, `tool_choice` and `parallel_tool_calls` into Anthropic `tools` and
// `tool_choice`. Spec: reference/openai-mapping.md, rows "tools[]", "tool_choice", "parallel_tool_calls".
import type { AnthropicTool, AnthropicToolChoice, AnthropicWebSearchTool } from '../protocol/anthropic-types.js';
import { invalidField, isRecord, optionalBoolean, optionalString, requiredRecord, requiredString } from './request-fields.js';

/** What the three fields become; either may be absent (server tools only come from /responses). */
export interface ConvertedTools {
  tools?: Array<AnthropicTool | AnthropicWebSearchTool>;
  toolChoice?: AnthropicToolChoice;
}

function convertTool(tool: unknown, param: string, warnings: string[]): AnthropicTool {
  const t = requiredRecord(tool, param);
  if (t['type'] !== 'function') {
    throw invalidField(`${param}.type`, `tool type '${String(t['type'])}' is not supported (only 'function')`);
  }
  const fn = requiredRecord(t['function'], `${param}.function`);
  const out: AnthropicTool = {
    name: requiredString(fn['name'], `${param}.function.name`),
    // OpenAI allows a tool without parameters; Anthropic requires a schema, and this one means "no input".
    input_schema: fn['parameters'] == null ? { type: 'object', properties: {} } : requiredRecord(fn['parameters'], `${param}.function.parameters`),
  };
  const description = optionalString(fn['description'], `${param}.function.description`);
  if (description !== undefined) out.description = description;
  if (fn['strict'] === true) warnings.push('tools[].function.strict was ignored: the schema is passed without strict validation');
  return out;
}

function namedTool(choice: Record<string, unknown>, names: ReadonlySet<string>, param: string): string {
  const fn = requiredRecord(choice['function'], `${param}.function`);
  const name = requiredString(fn['name'], `${param}.function.name`);
  if (!names.has(name)) throw invalidField(param, `tool_choice names '${name}', which is not in 'tools'`);
  return name;
}

/**
 * `allowed_tools` restricts which tools may be called this turn: the tool list is narrowed to them
 * and the mode becomes auto/any.
 */
function allowedTools(choice: Record<string, unknown>, tools: AnthropicTool[]): ConvertedTools {
  const spec = requiredRecord(choice['allowed_tools'], 'tool_choice.allowed_tools');
  const mode = spec['mode'];
  if (mode !== 'auto' && mode !== 'required') throw invalidField('tool_choice.allowed_tools.mode', "mode must be 'auto' or 'required'");
  const list = spec['tools'];
  if (!Array.isArray(list)) throw invalidField('tool_choice.allowed_tools.tools', "'tool_choice.allowed_tools.tools' must be an array");
  const names = new Set(tools.map((t) => t.name));
  const allowed = new Set(
    list.map((t: unknown, j: number) => {
      const p = `tool_choice.allowed_tools.tools[${j}]`;
      return namedTool(requiredRecord(t, p), names, p);
    }),
  );
  if (allowed.size === 0) throw invalidField('tool_choice.allowed_tools.tools', 'allowed_tools must name at least one tool');
  return { tools: tools.filter((t) => allowed.has(t.name)), toolChoice: { type: mode === 'auto' ? 'auto' : 'any' } };
}

/** Converts `tool_choice`; undefined when absent or when it cannot matter (no tools). */
function convertToolChoice(choice: unknown, tools: AnthropicTool[]): ConvertedTools {
  if (choice === undefined || choice === null) return { tools };
  const names = new Set(tools.map((t) => t.name));
  if (choice === 'auto' || choice === 'none') {
    // Without tools both mean "answer in text", which is what Anthropic does without a tool_choice.
    return tools.length === 0 ? { tools } : { tools, toolChoice: { type: choice } };
  }
  if (tools.length === 0) throw invalidField('tool_choice', "'tool_choice' requires 'tools'");
  if (choice === 'required') return { tools, toolChoice: { type: 'any' } };
  if (!isRecord(choice)) throw invalidField('tool_choice', `tool_choice '${String(choice)}' is not supported`);
  if (choice['type'] === 'function') return { tools, toolChoice: { type: 'tool', name: namedTool(choice, names, 'tool_choice') } };
  if (choice['type'] === 'allowed_tools') return allowedTools(choice, tools);
  throw invalidField('tool_choice.type', `tool_choice type '${String(choice['type'])}' is not supported`);
}

/** `parallel_tool_calls: false` → `disable_parallel_tool_use` on the (possibly implied auto) choice. */
export function applyParallel(converted: ConvertedTools, parallel: boolean | undefined): ConvertedTools {
  if (parallel !== false || (converted.tools ?? []).length === 0) return converted;
  const choice: AnthropicToolChoice = converted.toolChoice ?? { type: 'auto' };
  // `none` calls no tool at all, so there is nothing to serialise.
  if (choice.type === 'none') return converted;
  return { ...converted, toolChoice: { ...choice, disable_parallel_tool_use: true } };
}

/** Converts the tool fields of an OpenAI request body. */
export function convertOpenaiTools(body: Record<string, unknown>, warnings: string[]): ConvertedTools {
  const raw = body['tools'];
  if (raw != null && !Array.isArray(raw)) throw invalidField('tools', "'tools' must be an array");
  const tools = (raw ?? []).map((t: unknown, i: number) => convertTool(t, `tools[${i}]`, warnings));
  const converted = applyParallel(convertToolChoice(body['tool_choice'], tools), optionalBoolean(body['parallel_tool_calls'], 'parallel_tool_calls'));
  const out: ConvertedTools = {};
  if (converted.tools !== undefined && converted.tools.length > 0) out.tools = converted.tools;
  if (converted.toolChoice !== undefined) out.toolChoice = converted.toolChoice;
  return out;
}
