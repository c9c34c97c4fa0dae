// Wire types of OpenAI's Responses API (`POST /v1/responses`): the request CCGate accepts and the
// `response` object it answers with. Stream events are in openai-responses-events.ts.
// Spec: https://platform.openai.com/docs/api-reference/responses and
// reference/openai-responses-codex.md (what Codex CLI really sends). Requests arrive as `unknown`
// and are validated field by field; these types name what is read and written.

// ---- request: content parts -------------------------------------------------------------------

export interface ResponsesInputText {
  type: 'input_text';
  text: string;
}
/** Text the model wrote earlier, echoed back in an assistant message (annotations are ignored). */
export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations?: unknown[];
  logprobs?: unknown[];
}
export interface ResponsesRefusalPart {
  type: 'refusal';
  refusal: string;
}
/** An image by http(s) URL or base64 data URL (`file_id` needs OpenAI's file store: refused). */
export interface ResponsesInputImage {
  type: 'input_image';
  image_url?: string | null;
  file_id?: string | null;
  detail?: 'low' | 'high' | 'auto';
}
/** A file: `file_data` is a base64 data URL (PDF), or `file_url` an http(s) URL. */
export interface ResponsesInputFile {
  type: 'input_file';
  file_data?: string;
  file_url?: string;
  file_id?: string | null;
  filename?: string;
}

export type ResponsesContentPart =
  | ResponsesInputText
  | ResponsesOutputText
  | ResponsesRefusalPart
  | ResponsesInputImage
  | ResponsesInputFile;

// ---- request: input items ---------------------------------------------------------------------

export type ResponsesRole = 'user' | 'assistant' | 'system' | 'developer';

/** A message; `type` may be omitted ("easy input message"). `id`/`status` are accepted and ignored. */
export interface ResponsesMessageItem {
  type?: 'message';
  role: ResponsesRole;
  content: string | ResponsesContentPart[];
  id?: string;
  status?: string;
}
/** A call the model made earlier; `namespace` is set for a namespaced tool. */
export interface ResponsesFunctionCallItem {
  type: 'function_call';
  call_id: string;
  name: string;
  namespace?: string;
  arguments: string;
  id?: string;
  status?: string;
}
/** The client's result for a call, linked by `call_id`. */
export interface ResponsesFunctionCallOutputItem {
  type: 'function_call_output';
  call_id: string;
  output: string | Array<ResponsesInputText | ResponsesInputImage | ResponsesInputFile>;
  id?: string;
  status?: string;
}
export interface ResponsesSummaryText {
  type: 'summary_text';
  text: string;
}
/** A reasoning item echoed back; CCGate's `encrypted_content` carries the Claude thinking block. */
export interface ResponsesReasoningItem {
  type: 'reasoning';
  id?: string;
  summary: ResponsesSummaryText[];
  encrypted_content?: string | null;
  content?: unknown[] | null;
  status?: string;
}

/** Input items CCGate translates; other types are refused (or dropped with a warning). */
export type ResponsesInputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | ResponsesReasoningItem;

// ---- request: tools ---------------------------------------------------------------------------

export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
}
/** Codex's grouping of functions under one name; calls come back as `{namespace, name}`. */
export interface ResponsesNamespaceTool {
  type: 'namespace';
  name: string;
  description?: string;
  tools: Array<ResponsesFunctionTool | { type: 'custom'; name: string; [key: string]: unknown }>;
}
/** OpenAI's hosted web search (all its type spellings). */
export interface ResponsesWebSearchTool {
  type: 'web_search' | 'web_search_2025_08_26' | 'web_search_preview' | 'web_search_preview_2025_03_11';
  filters?: { allowed_domains?: string[] | null } | null;
  user_location?: { type?: 'approximate'; city?: string | null; country?: string | null; region?: string | null; timezone?: string | null } | null;
  search_context_size?: 'low' | 'medium' | 'high';
  /** Codex: false = cached results only, never the live web. */
  external_web_access?: boolean;
}
/** Any other tool type (file_search, code_interpreter, custom, mcp, …): no Claude equivalent here. */
export interface ResponsesOtherTool {
  type: string;
  [key: string]: unknown;
}
export type ResponsesTool = ResponsesFunctionTool | ResponsesNamespaceTool | ResponsesWebSearchTool | ResponsesOtherTool;

export type ResponsesToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; name: string; namespace?: string }
  | { type: 'allowed_tools'; mode: 'auto' | 'required'; tools: Array<{ type: 'function'; name: string; namespace?: string }> }
  | { type: string; [key: string]: unknown };

export type ResponsesReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export type ResponsesTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; description?: string; strict?: boolean | null };

// ---- request body -----------------------------------------------------------------------------

/** Body of `POST /v1/responses` (the fields CCGate reads; the field checker sorts the rest). */
export interface ResponsesRequest {
  model: string;
  input: string | ResponsesInputItem[];
  instructions?: string | null;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean | null;
  reasoning?: { effort?: ResponsesReasoningEffort | null; summary?: 'auto' | 'concise' | 'detailed' | null; generate_summary?: string | null } | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  text?: { format?: ResponsesTextFormat; verbosity?: string | null } | null;
  metadata?: Record<string, string> | null;
  user?: string;
  safety_identifier?: string;
  prompt_cache_key?: string;
  stream?: boolean | null;
  /** Accepted only as `false` (no response store). */
  store?: boolean | null;
  include?: string[] | null;
  client_metadata?: Record<string, unknown>;
  truncation?: 'auto' | 'disabled' | null;
  /** Refused: needs a response store. */
  previous_response_id?: string | null;
  [key: string]: unknown;
}

// ---- response object --------------------------------------------------------------------------

export type ResponsesItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** One URL citation on an output_text part (from Claude's web search citations). */
export interface ResponsesUrlCitation {
  type: 'url_citation';
  url: string;
  title: string;
  start_index: number;
  end_index: number;
}
export interface ResponsesOutputTextPart {
  type: 'output_text';
  text: string;
  annotations: ResponsesUrlCitation[];
  logprobs: [];
}
export interface ResponsesOutputMessage {
  type: 'message';
  id: string;
  role: 'assistant';
  status: ResponsesItemStatus;
  content: ResponsesOutputTextPart[];
}
export interface ResponsesOutputFunctionCall {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  /** Present for a namespaced tool: Codex dispatches on `{namespace, name}`. */
  namespace?: string;
  arguments: string;
  status: ResponsesItemStatus;
}
export interface ResponsesOutputReasoning {
  type: 'reasoning';
  id: string;
  summary: ResponsesSummaryText[];
  /** Only when the request's `include` asked for `reasoning.encrypted_content`. */
  encrypted_content?: string;
  status?: ResponsesItemStatus;
}
export interface ResponsesOutputWebSearch {
  type: 'web_search_call';
  id: string;
  status: 'in_progress' | 'searching' | 'completed' | 'failed';
  action?: { type: 'search'; query: string };
}
export type ResponsesOutputItem =
  | ResponsesOutputMessage
  | ResponsesOutputFunctionCall
  | ResponsesOutputReasoning
  | ResponsesOutputWebSearch;

export interface ResponsesUsage {
  /** Every input token: uncached + cache writes + cache reads. */
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponsesStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';
export type ResponsesIncompleteReason = 'max_output_tokens' | 'content_filter';

/** `response.error`: codes Codex acts on are `context_length_exceeded`, `rate_limit_exceeded`, `server_error`. */
export interface ResponsesError {
  code: string;
  message: string;
}

/** The request's settings echoed on the `response` object, as OpenAI does. */
export interface ResponsesEcho {
  instructions: string | null;
  max_output_tokens: number;
  metadata: Record<string, string>;
  parallel_tool_calls: boolean;
  prompt_cache_key: string | null;
  reasoning: { effort: string | null; summary: string | null };
  store: false;
  temperature: number | null;
  text: { format: ResponsesTextFormat };
  tool_choice: unknown;
  tools: unknown[];
  top_p: number | null;
  truncation: 'auto' | 'disabled';
  user: string | null;
}

/** The `response` object: the JSON answer, and the payload of lifecycle stream events. */
export interface ResponsesResponse extends ResponsesEcho {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  error: ResponsesError | null;
  incomplete_details: { reason: ResponsesIncompleteReason } | null;
  model: string;
  output: ResponsesOutputItem[];
  previous_response_id: null;
  usage: ResponsesUsage | null;
}
