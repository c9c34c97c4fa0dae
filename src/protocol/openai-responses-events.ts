// Stream events of OpenAI's Responses API as CCGate emits them: `event: <type>` + `data: {…}`
// frames, each with an increasing `sequence_number`. Which ones Codex needs is in
// reference/openai-responses-codex.md ("SSE Codex needs"); the openai SDK's stream helper needs
// `response.created` first and the full `output` in the terminal event.
import type {
  ResponsesOutputItem,
  ResponsesOutputTextPart,
  ResponsesResponse,
  ResponsesSummaryText,
  ResponsesUrlCitation,
} from './openai-responses-types.js';

/** Where an event belongs: the output item (and its index in `output`). */
interface ItemRef {
  item_id: string;
  output_index: number;
}

/** Every event type CCGate emits, without its `sequence_number` (the emitter numbers them). */
export type ResponsesStreamEventBody =
  | { type: 'response.created'; response: ResponsesResponse }
  | { type: 'response.in_progress'; response: ResponsesResponse }
  | { type: 'response.completed'; response: ResponsesResponse }
  | { type: 'response.incomplete'; response: ResponsesResponse }
  | { type: 'response.failed'; response: ResponsesResponse }
  | { type: 'response.output_item.added'; output_index: number; item: ResponsesOutputItem }
  | { type: 'response.output_item.done'; output_index: number; item: ResponsesOutputItem }
  | ({ type: 'response.content_part.added'; content_index: number; part: ResponsesOutputTextPart } & ItemRef)
  | ({ type: 'response.content_part.done'; content_index: number; part: ResponsesOutputTextPart } & ItemRef)
  | ({ type: 'response.output_text.delta'; content_index: number; delta: string; logprobs: [] } & ItemRef)
  | ({ type: 'response.output_text.done'; content_index: number; text: string; logprobs: [] } & ItemRef)
  | ({
      type: 'response.output_text.annotation.added';
      content_index: number;
      annotation_index: number;
      annotation: ResponsesUrlCitation;
    } & ItemRef)
  | ({ type: 'response.function_call_arguments.delta'; delta: string } & ItemRef)
  | ({ type: 'response.function_call_arguments.done'; arguments: string; name: string } & ItemRef)
  | ({ type: 'response.reasoning_summary_part.added'; summary_index: number; part: ResponsesSummaryText } & ItemRef)
  | ({ type: 'response.reasoning_summary_part.done'; summary_index: number; part: ResponsesSummaryText } & ItemRef)
  | ({ type: 'response.reasoning_summary_text.delta'; summary_index: number; delta: string } & ItemRef)
  | ({ type: 'response.reasoning_summary_text.done'; summary_index: number; text: string } & ItemRef);

/** One event as sent. */
export type ResponsesStreamEvent = ResponsesStreamEventBody & { sequence_number: number };

/** Event type names, for exhaustive handling by consumers. */
export type ResponsesStreamEventType = ResponsesStreamEventBody['type'];
