// SSE decoding in layers: bytes → (streaming UTF-8 decode) → frames (eventsource-parser, which
// handles \n, \r\n and \r line ends and frames split anywhere) → the caller's event handler.
// A multi-byte character split across chunks is held back by the StringDecoder (node's own, which
// costs far less per chunk than TextDecoder's stream mode).
import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One decoded SSE frame. */
export interface SseFrame {
  event: string | undefined;
  data: string;
}

/** Feeds raw bytes in any split; calls `onFrame` once per complete frame. */
export interface SseReader {
  push(chunk: Uint8Array): void;
  /** Flushes a final frame that was not followed by a blank line. */
  end(): void;
}

/** Creates an incremental SSE reader. */
export function createSseReader(onFrame: (frame: SseFrame) => void): SseReader {
  const decoder = new StringDecoder('utf8');
  const parser = createParser({
    onEvent: (msg: EventSourceMessage) => onFrame({ event: msg.event, data: msg.data }),
  });
  return {
    push(chunk) {
      parser.feed(decoder.write(chunk));
    },
    end() {
      const rest = decoder.end();
      if (rest) parser.feed(rest);
      parser.reset({ consume: true });
    },
  };
}

/** Serialises one SSE frame with an event name. */
export function formatSseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Serialises one data-only SSE frame (OpenAI's streams). */
export function formatSseData(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
