// Carries a Claude thinking block through a Responses reasoning item's `encrypted_content`, so a
// stateless client (Codex: store false) sends it back and thinking survives a multi-turn tool loop.
//
// Format: `ccgate.thinking.v1.` + base64url(JSON) of the Anthropic block itself:
//   {"type":"thinking","thinking":"…","signature":"…"}  or  {"type":"redacted_thinking","data":"…"}
// Not encrypted: the text is the client's own conversation, and Anthropic checks the signature, so
// a tampered block is refused upstream. The prefix tells ours apart from OpenAI's real ciphertext.
import type { AnthropicRedactedThinkingBlock, AnthropicThinkingBlock } from '../protocol/anthropic-types.js';
import { isRecord } from './request-fields.js';

/** The blocks a reasoning item can carry. */
export type CarriedThinking = AnthropicThinkingBlock | AnthropicRedactedThinkingBlock;

const PREFIX = 'ccgate.thinking.v1.';

/** `encrypted_content` for a thinking or redacted-thinking block. */
export function encodeThinking(block: CarriedThinking): string {
  const payload =
    block.type === 'thinking'
      ? { type: block.type, thinking: block.thinking, signature: block.signature }
      : { type: block.type, data: block.data };
  return PREFIX + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function asBlock(value: unknown): CarriedThinking | undefined {
  if (!isRecord(value)) return undefined;
  const { type, thinking, signature, data } = value;
  if (type === 'thinking' && typeof thinking === 'string' && typeof signature === 'string') return { type, thinking, signature };
  if (type === 'redacted_thinking' && typeof data === 'string') return { type, data };
  return undefined;
}

/** The block inside `encrypted_content`, or undefined when it is not one this gateway wrote. */
export function decodeThinking(content: string): CarriedThinking | undefined {
  if (!content.startsWith(PREFIX)) return undefined;
  try {
    return asBlock(JSON.parse(Buffer.from(content.slice(PREFIX.length), 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}
