// Translates a non-streaming Anthropic Messages response into an OpenAI `chat.completion`.
// Spec: reference/openai-mapping.md "Response".
import { emptyUsage } from '../domain/usage.js';
import { applyAnthropicUsage } from '../protocol/anthropic-usage.js';
import type { AnthropicMessagesResponse } from '../protocol/anthropic-types.js';
import type { OpenaiChatCompletion, OpenaiToolCall } from '../protocol/openai-types.js';
import { convertUsage } from './convert-usage.js';
import { mapStopReason } from './map-stop-reason.js';

/** Identity of the completion; `model` is the name the client asked for. */
export interface OpenaiResponseOptions {
  id: string;
  created: number;
  model: string;
}

type OpenaiMessage = OpenaiChatCompletion['choices'][number]['message'];

/**
 * Text blocks are joined without a separator (a stream concatenates them the same way); thinking
 * text becomes `reasoning_content`. Redacted thinking and server-tool blocks have no OpenAI form.
 */
function convertContent(resp: AnthropicMessagesResponse): OpenaiMessage {
  let text = '';
  let reasoning = '';
  const toolCalls: OpenaiToolCall[] = [];
  for (const block of resp.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'thinking') reasoning += block.thinking;
    else if (block.type === 'tool_use') {
      toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
  }
  const message: OpenaiMessage = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning !== '') message.reasoning_content = reasoning;
  return message;
}

/** The OpenAI `chat.completion` for an Anthropic response. */
export function anthropicResponseToOpenai(resp: AnthropicMessagesResponse, opts: OpenaiResponseOptions): OpenaiChatCompletion {
  const usage = emptyUsage();
  applyAnthropicUsage(usage, resp.usage);
  return {
    id: opts.id,
    object: 'chat.completion',
    created: opts.created,
    model: opts.model,
    choices: [{ index: 0, message: convertContent(resp), logprobs: null, finish_reason: mapStopReason(resp.stop_reason) }],
    usage: convertUsage(usage),
  };
}
