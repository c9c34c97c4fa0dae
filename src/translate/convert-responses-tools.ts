// Converts a Responses request's `tools`, `tool_choice` and `parallel_tool_calls` into Anthropic
// `tools` and `tool_choice`, naming every tool through responses-tool-names.ts.
// Spec: reference/openai-responses-codex.md, "Pitfalls" 4 and 6.
import type { AnthropicTool, AnthropicToolChoice, AnthropicWebSearchTool } from '../protocol/anthropic-types.js';
import { applyParallel, type ConvertedTools } from './convert-openai-tools.js';
import { convertWebSearchTool, droppedHostedTool, isWebSearchType } from './convert-responses-hosted-tool.js';
import { invalidField, isRecord, optionalBoolean, optionalString, requiredRecord, requiredString } from './request-fields.js';
import { allocateToolNames, findFlatName, flatNameOf, type ToolIdentity, type ToolNames } from './responses-tool-names.js';

type AnyTool = AnthropicTool | AnthropicWebSearchTool;

function isServerTool(t: AnyTool): t is AnthropicWebSearchTool {
  return 'type' in t;
}

/** What the three fields become, and the naming the response side maps calls back through. */
export interface ConvertedResponsesTools {
  tools?: AnyTool[];
  toolChoice?: AnthropicToolChoice;
  names: ToolNames;
}

/** A client function before it gets its Anthropic name. */
interface PendingFunction {
  id: ToolIdentity;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** The tools in request order, with the web search tool (if any) in its place. */
type Slot = { kind: 'function'; fn: PendingFunction } | { kind: 'server'; tool: AnthropicWebSearchTool };

function functionTool(t: Record<string, unknown>, param: string, namespace: { name: string; description?: string } | undefined, warnings: string[]): PendingFunction {
  const name = requiredString(t['name'], `${param}.name`);
  const params = t['parameters'];
  // A function without parameters is allowed; Anthropic needs a schema, and this one means "no input".
  const inputSchema = params == null ? { type: 'object', properties: {} } : requiredRecord(params, `${param}.parameters`);
  if (t['strict'] === true) warnings.push('tools[].strict was ignored: the schema is passed without strict validation');
  const own = optionalString(t['description'], `${param}.description`);
  // The namespace's description would otherwise be lost: it is appended to each of its functions'.
  const context = namespace?.description ? `(${namespace.name}: ${namespace.description})` : undefined;
  const description = [own, context].filter((d) => d !== undefined && d !== '').join('\n\n');
  const fn: PendingFunction = { id: namespace === undefined ? { name } : { namespace: namespace.name, name }, inputSchema };
  if (description !== '') fn.description = description;
  return fn;
}

function namespaceTools(t: Record<string, unknown>, param: string, warnings: string[]): PendingFunction[] {
  const name = requiredString(t['name'], `${param}.name`);
  const description = optionalString(t['description'], `${param}.description`);
  const inner = t['tools'];
  if (!Array.isArray(inner)) throw invalidField(`${param}.tools`, `'${param}.tools' must be an array`);
  const ns = description === undefined ? { name } : { name, description };
  return inner.flatMap((sub: unknown, j: number) => {
    const p = `${param}.tools[${j}]`;
    const s = requiredRecord(sub, p);
    if (s['type'] === 'function') return [functionTool(s, p, ns, warnings)];
    warnings.push(`tools[].tools[].${String(s['type'])} was dropped: only functions of a namespace can be sent to Claude`);
    return [];
  });
}

function collectSlots(raw: unknown, warnings: string[]): Slot[] {
  if (raw == null) return [];
  if (!Array.isArray(raw)) throw invalidField('tools', "'tools' must be an array");
  const slots: Slot[] = [];
  raw.forEach((tool: unknown, i: number) => {
    const param = `tools[${i}]`;
    const t = requiredRecord(tool, param);
    const type = requiredString(t['type'], `${param}.type`);
    if (type === 'function') slots.push({ kind: 'function', fn: functionTool(t, param, undefined, warnings) });
    else if (type === 'namespace') slots.push(...namespaceTools(t, param, warnings).map((fn): Slot => ({ kind: 'function', fn })));
    else if (isWebSearchType(type)) {
      const server = convertWebSearchTool(t, param, warnings);
      if (server !== undefined && slots.some((s) => s.kind === 'server')) warnings.push(`tools[].${type} was dropped: only one web search tool can be sent`);
      else if (server !== undefined) slots.push({ kind: 'server', tool: server });
    } else warnings.push(droppedHostedTool(type));
  });
  return slots;
}

function identityOfChoice(c: Record<string, unknown>, param: string): ToolIdentity {
  const name = requiredString(c['name'], `${param}.name`);
  const namespace = optionalString(c['namespace'], `${param}.namespace`);
  return namespace === undefined ? { name } : { namespace, name };
}

/** The Anthropic name a tool_choice entry points at, or undefined when that tool was not sent. */
function chosenName(c: Record<string, unknown>, param: string, names: ToolNames, hasWebSearch: boolean): string | undefined {
  if (isWebSearchType(c['type'])) return hasWebSearch ? 'web_search' : undefined;
  if (c['type'] !== 'function') return undefined;
  const flat = findFlatName(names, identityOfChoice(c, param));
  if (flat === undefined) throw invalidField(param, `${param} names '${String(c['name'])}', which is not in 'tools'`);
  return flat;
}

/** tool_choice; a choice of a tool that was dropped falls back to auto with a warning. */
function convertChoice(choice: unknown, tools: AnyTool[], names: ToolNames, hadTools: boolean, warnings: string[]): ConvertedTools & { tools: AnyTool[] } {
  if (choice == null) return { tools };
  // Without tools (Codex's compaction request sends `tools: []`), auto and none need nothing upstream.
  if (choice === 'auto' || choice === 'none') return tools.length === 0 ? { tools } : { tools, toolChoice: { type: choice } };
  if (!hadTools) throw invalidField('tool_choice', "'tool_choice' requires 'tools'");
  if (tools.length === 0) {
    warnings.push('tool_choice was ignored: none of the tools can be sent to Claude');
    return { tools };
  }
  if (choice === 'required') return { tools, toolChoice: { type: 'any' } };
  const c = requiredRecord(choice, 'tool_choice');
  const hasWebSearch = tools.some(isServerTool);
  if (c['type'] === 'allowed_tools') {
    const mode = c['mode'];
    if (mode !== 'auto' && mode !== 'required') throw invalidField('tool_choice.mode', "mode must be 'auto' or 'required'");
    const list = c['tools'];
    if (!Array.isArray(list) || list.length === 0) throw invalidField('tool_choice.tools', "'tool_choice.tools' must name at least one tool");
    const allowed = new Set(list.map((t: unknown, j: number) => chosenName(requiredRecord(t, `tool_choice.tools[${j}]`), `tool_choice.tools[${j}]`, names, hasWebSearch)));
    const narrowed = tools.filter((t) => allowed.has(t.name));
    if (narrowed.length === 0) {
      warnings.push('tool_choice.tools was ignored: none of its tools can be sent to Claude');
      return { tools };
    }
    return { tools: narrowed, toolChoice: { type: mode === 'auto' ? 'auto' : 'any' } };
  }
  const name = chosenName(c, 'tool_choice', names, hasWebSearch);
  if (name !== undefined) return { tools, toolChoice: { type: 'tool', name } };
  warnings.push(`tool_choice was ignored: the '${String(c['type'])}' tool cannot be sent to Claude`);
  return { tools };
}

/** Converts the tool fields of a Responses request body. */
export function convertResponsesTools(body: Record<string, unknown>, warnings: string[]): ConvertedResponsesTools {
  const slots = collectSlots(body['tools'], warnings);
  const fns = slots.flatMap((s) => (s.kind === 'function' ? [s.fn] : []));
  const hasServer = slots.some((s) => s.kind === 'server');
  const names = allocateToolNames(fns.map((f) => f.id), hasServer ? ['web_search'] : []);
  const tools = slots.map((s): AnyTool => {
    if (s.kind === 'server') return s.tool;
    const flat = flatNameOf(names, s.fn.id);
    return s.fn.description === undefined ? { name: flat, input_schema: s.fn.inputSchema } : { name: flat, description: s.fn.description, input_schema: s.fn.inputSchema };
  });
  const hadTools = Array.isArray(body['tools']) && body['tools'].length > 0;
  const chosen = convertChoice(body['tool_choice'], tools, names, hadTools, warnings);
  const parallel = applyParallel(chosen, optionalBoolean(body['parallel_tool_calls'], 'parallel_tool_calls'));
  const out: ConvertedResponsesTools = { names };
  if (chosen.tools.length > 0) out.tools = chosen.tools;
  if (parallel.toolChoice !== undefined) out.toolChoice = parallel.toolChoice;
  return out;
}
