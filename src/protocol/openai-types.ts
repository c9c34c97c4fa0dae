// Wire types of OpenAI's Chat Completions API, as far as CCGate accepts or produces them.
// Spec: https://platform.openai.com/docs/api-reference/chat and reference/openai-mapping.md.
// Requests arrive as `unknown` and are validated field by field; these types name what is read.

/** Cache hint on a content part: OpenAI's own breakpoint, or Anthropic's (OpenRouter style). */
export interface OpenaiCacheHints {
  prompt_cache_breakpoint?: { mode: 'explicit' };
  cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' };
}

export interface OpenaiTextPart extends OpenaiCacheHints {
  type: 'text';
  text: string;
}
export interface OpenaiImagePart extends OpenaiCacheHints {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}
export interface OpenaiAudioPart {
  type: 'input_audio';
  input_audio: { data: string; format: string };
}
export interface OpenaiFilePart extends OpenaiCacheHints {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
}
export interface OpenaiRefusalPart {
  type: 'refusal';
  refusal: string;
}

/** Content parts a `user` message may carry. */
export type OpenaiUserPart = OpenaiTextPart | OpenaiImagePart | OpenaiAudioPart | OpenaiFilePart;

export interface OpenaiToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface OpenaiSystemMessage {
  role: 'system' | 'developer';
  content: string | OpenaiTextPart[];
  name?: string;
}
export interface OpenaiUserMessage {
  role: 'user';
  content: string | OpenaiUserPart[];
  name?: string;
}
export interface OpenaiAssistantMessage {
  role: 'assistant';
  content?: string | Array<OpenaiTextPart | OpenaiRefusalPart> | null;
  refusal?: string | null;
  tool_calls?: OpenaiToolCall[];
  name?: string;
}
export interface OpenaiToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string | OpenaiTextPart[];
}

/** One entry of `messages` (the deprecated `function` role is refused). */
export type OpenaiMessage = OpenaiSystemMessage | OpenaiUserMessage | OpenaiAssistantMessage | OpenaiToolMessage;

export interface OpenaiFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

export type OpenaiToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } }
  | { type: 'allowed_tools'; allowed_tools: { mode: 'auto' | 'required'; tools: Array<{ type: 'function'; function: { name: string } }> } };

export type OpenaiReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export type OpenaiResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null } };

/** Body of `POST /v1/chat/completions` (the fields CCGate reads; see the translator for the rest). */
export interface OpenaiChatRequest {
  model: string;
  messages: OpenaiMessage[];
  max_completion_tokens?: number | null;
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stop?: string | string[] | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  tools?: OpenaiFunctionTool[];
  tool_choice?: OpenaiToolChoice;
  parallel_tool_calls?: boolean;
  reasoning_effort?: OpenaiReasoningEffort | null;
  response_format?: OpenaiResponseFormat;
  user?: string;
  safety_identifier?: string;
  [key: string]: unknown;
}

export type OpenaiFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface OpenaiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}

/** Non-streaming answer: `chat.completion`. */
export interface OpenaiChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      refusal: null;
      tool_calls?: OpenaiToolCall[];
      /** Thinking text; not in OpenAI's spec but shown by many OpenAI-protocol clients. */
      reasoning_content?: string;
    };
    logprobs: null;
    finish_reason: OpenaiFinishReason;
  }>;
  usage: OpenaiUsage;
}

/** A `tool_calls` entry of a stream delta: the first one of a call carries id and name. */
export interface OpenaiToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

export interface OpenaiChunkDelta {
  role?: 'assistant';
  content?: string;
  reasoning_content?: string;
  tool_calls?: OpenaiToolCallDelta[];
}

/** One streamed `chat.completion.chunk`. `usage` is present only when the client asked for it. */
export interface OpenaiChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: number; delta: OpenaiChunkDelta; finish_reason: OpenaiFinishReason | null }>;
  usage?: OpenaiUsage | null;
}

/** `GET /v1/models`. */
export interface OpenaiModelList {
  object: 'list';
  data: Array<{ id: string; object: 'model'; created: number; owned_by: string }>;
}

/** Error body of every OpenAI error response and of a mid-stream error line. */
export interface OpenaiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
