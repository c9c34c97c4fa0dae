// Places Anthropic prompt-cache breakpoints on a request translated from the Responses API, when
// the client signals a cacheable session with `prompt_cache_key` (Codex always sends its session
// id). Claude caches the prefix tools → system → messages up to each breakpoint, and a later
// request reads the longest cached prefix it shares (looking back up to 20 blocks from a breakpoint).
// https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching
import type {
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessagesRequest,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from '../protocol/anthropic-types.js';

const EPHEMERAL: AnthropicCacheControl = { type: 'ephemeral' };

type CacheableBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock | AnthropicToolUseBlock | AnthropicToolResultBlock;

/** Blocks that may carry cache_control (thinking blocks may not). */
function cacheable(block: AnthropicContentBlock): block is CacheableBlock {
  switch (block.type) {
    case 'text':
    case 'image':
    case 'document':
    case 'tool_use':
    case 'tool_result':
      return true;
    case 'thinking':
    case 'redacted_thinking':
    case 'server_tool_use':
    case 'web_search_tool_result':
      return false;
    default: {
      const unreachable: never = block;
      return unreachable;
    }
  }
}

/**
 * Three of Anthropic's four breakpoints: the last tool (the tool list, ~20 KB for Codex, is the
 * most stable part), the last system block (tools + the ~17 KB system prompt), and the last
 * cacheable block of the last message (the whole conversation, which the next turn of an agent
 * loop repeats before adding its new items). Below the model's minimum cacheable length Claude
 * ignores a breakpoint, so they are safe to place on short requests too.
 */
export function placeCacheBreakpoints(req: AnthropicMessagesRequest): void {
  const tools = req.tools;
  const lastTool = tools?.at(-1);
  if (tools !== undefined && lastTool !== undefined) tools[tools.length - 1] = { ...lastTool, cache_control: EPHEMERAL };
  const system = req.system;
  if (Array.isArray(system) && system.length > 0) {
    const last = system.length - 1;
    system[last] = { ...system[last]!, cache_control: EPHEMERAL };
  }
  const content = req.messages.at(-1)?.content;
  if (!Array.isArray(content)) return;
  for (let i = content.length - 1; i >= 0; i--) {
    const block = content[i]!;
    if (!cacheable(block)) continue;
    content[i] = { ...block, cache_control: EPHEMERAL };
    return;
  }
}
